/** Help > About: the app's name, version and runtime versions, from the main side's `info`. */
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/protocol.js';
import type { Transport } from '../transport/transport.js';
import { ModalDialog } from './modal-dialog.js';

/** The About dialog, filled from the main side's `info` reply. */
export function AboutDialog({ transport, onClose }: { transport: Transport; onClose: () => void }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    transport.request('info').then(
      (value) => live && setInfo(value),
      (e: unknown) => live && setError((e as Error).message),
    );
    return () => {
      live = false;
    };
  }, [transport]);
  return (
    <ModalDialog title="About Sockscope" onClose={onClose} className="about">
      <p>Live network connection viewer: every TCP and UDP endpoint with its owning process.</p>
      {error !== null && <p className="notice">Could not read the app info: {error}</p>}
      {info === null && error === null && <p className="muted">Loading…</p>}
      {info !== null && (
        <dl className="about-list">
          <div className="detail-row">
            <dt>Version</dt>
            <dd>
              {info.name} {info.version}
            </dd>
          </div>
          <div className="detail-row">
            <dt>Mode</dt>
            <dd>{info.mode === 'desktop' ? 'Desktop app' : 'Browser (sockscope serve)'}</dd>
          </div>
          <div className="detail-row">
            <dt>Platform</dt>
            <dd>
              {info.platform}
              {info.elevated ? ' (running as root)' : ''}
            </dd>
          </div>
          {Object.entries(info.versions).map(([name, version]) => (
            <div key={name} className="detail-row">
              <dt>{name}</dt>
              <dd>{version}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="modal-actions">
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
