/** A label and its value in a dialog's description list (`<dl>`). */
export function FieldRow({ label, value }: { label: string; value: string }) {
  return (
    <div className="detail-row">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
