import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_PREFERENCES,
  loadPreferences,
  PREFERENCES_KEY,
  savePreferences,
  type Preferences,
} from '../../../renderer/model/preferences.js';
import { DEFAULT_FILTER } from '../../../renderer/model/row-filter.js';

/** A Storage with the same getItem/setItem behaviour as the browser's, over a Map. */
class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
}

/** Preferences loaded from storage holding `text` under the preferences key. */
function loadFrom(text: string): Preferences {
  const storage = new MemoryStorage();
  storage.setItem(PREFERENCES_KEY, text);
  return loadPreferences(storage);
}

/** Preferences loaded from stored JSON that is the defaults with `fields` replaced. */
function loadWith(fields: Record<string, unknown>): Preferences {
  return loadFrom(JSON.stringify({ ...DEFAULT_PREFERENCES, ...fields }));
}

const CUSTOM: Preferences = {
  filter: {
    search: 'nginx :443',
    protocols: { tcp4: false, tcp6: true, udp4: false, udp6: true },
    state: 'established',
    showUnconnected: false,
  },
  theme: 'dark',
  highlightMs: 5000,
  holdSortOnHover: false,
  columnState: [
    { colId: 'process', width: 180, hide: false, sort: 'asc', sortIndex: 0 },
    { colId: 'cmdline', hide: true },
  ],
  detailsOpen: true,
};

// One wrong value of each JSON type, for every field.
const WRONG_VALUES: unknown[] = [null, 0, -1, 1.5, 'text', '', true, false, [], [1], {}, { colId: 1 }];

/**
 * What loading makes of `value` in `field`: most WRONG_VALUES are wrong for
 * every field, but a boolean is right for a boolean field, a small number for
 * highlightMs, and an empty array for columnState.
 */
function expectedFor(field: keyof Preferences, value: unknown): unknown {
  switch (field) {
    case 'holdSortOnHover':
    case 'detailsOpen':
      return typeof value === 'boolean' ? value : DEFAULT_PREFERENCES[field];
    case 'highlightMs':
      return typeof value === 'number' && value >= 0 ? value : DEFAULT_PREFERENCES.highlightMs;
    case 'columnState':
      return Array.isArray(value) && value.length === 0 ? [] : null;
    default:
      return DEFAULT_PREFERENCES[field];
  }
}

describe('loadPreferences', () => {
  it('gives the defaults when nothing is stored', () => {
    assert.deepEqual(loadPreferences(new MemoryStorage()), DEFAULT_PREFERENCES);
  });

  it('has the documented defaults', () => {
    assert.deepEqual(DEFAULT_PREFERENCES, {
      filter: DEFAULT_FILTER,
      theme: 'system',
      highlightMs: 3000,
      holdSortOnHover: true,
      columnState: null,
      detailsOpen: false,
    });
    assert.deepEqual(DEFAULT_FILTER, {
      search: '',
      protocols: { tcp4: true, tcp6: true, udp4: true, udp6: true },
      state: 'all',
      showUnconnected: true,
    });
  });

  it('reads back what savePreferences stored', () => {
    const storage = new MemoryStorage();
    savePreferences(storage, CUSTOM);
    assert.deepEqual([...storage.items.keys()], ['sockscope.preferences.v1']);
    assert.deepEqual(loadPreferences(storage), CUSTOM);
  });

  it('gives the defaults for text that is not JSON, or JSON that is not an object', () => {
    for (const text of [
      '',
      '{',
      'undefined',
      '{"theme": "dark",}',
      'null',
      '42',
      '"dark"',
      '[1,2]',
      'true',
    ]) {
      assert.deepEqual(loadFrom(text), DEFAULT_PREFERENCES, text);
    }
  });

  it('keeps the valid fields of a partial object', () => {
    assert.deepEqual(loadFrom('{"theme":"light"}'), { ...DEFAULT_PREFERENCES, theme: 'light' });
    assert.deepEqual(loadFrom('{"detailsOpen":true,"unknownField":1}'), {
      ...DEFAULT_PREFERENCES,
      detailsOpen: true,
    });
  });

  it('replaces each wrong top-level field with its default and keeps the rest', () => {
    const fields = [
      'filter',
      'theme',
      'highlightMs',
      'holdSortOnHover',
      'columnState',
      'detailsOpen',
    ] as const;
    for (const field of fields) {
      for (const wrong of WRONG_VALUES) {
        const loaded = loadFrom(JSON.stringify({ ...CUSTOM, [field]: wrong }));
        const label = `${field} = ${JSON.stringify(wrong)}`;
        for (const other of fields) {
          if (other !== field) assert.deepEqual(loaded[other], CUSTOM[other], `${label} kept ${other}`);
        }
        const valid = expectedFor(field, wrong);
        assert.deepEqual(loaded[field], valid, label);
      }
    }
  });

  it('validates each field of the filter apart', () => {
    const base = CUSTOM.filter;
    const sub = (fields: Record<string, unknown>) => loadWith({ filter: { ...base, ...fields } }).filter;
    assert.deepEqual(sub({ search: 42 }), { ...base, search: '' });
    assert.deepEqual(sub({ state: 'bogus' }), { ...base, state: 'all' });
    assert.deepEqual(sub({ state: 'closing' }), { ...base, state: 'closing' });
    assert.deepEqual(sub({ showUnconnected: 'no' }), { ...base, showUnconnected: true });
    assert.deepEqual(sub({ protocols: 'all' }), { ...base, protocols: DEFAULT_FILTER.protocols });
    assert.deepEqual(sub({ protocols: { tcp4: false, tcp6: 0, udp4: null } }), {
      ...base,
      protocols: { tcp4: false, tcp6: true, udp4: true, udp6: true },
    });
    assert.deepEqual(loadWith({ filter: { state: 'listening' } }).filter, {
      ...DEFAULT_FILTER,
      state: 'listening',
    });
  });

  it('accepts only a known theme', () => {
    assert.equal(loadWith({ theme: 'light' }).theme, 'light');
    assert.equal(loadWith({ theme: 'system' }).theme, 'system');
    assert.equal(loadWith({ theme: 'Dark' }).theme, 'system');
    assert.equal(loadWith({ theme: 'toString' }).theme, 'system');
  });

  it('accepts a highlight time from 0 to a minute', () => {
    assert.equal(loadWith({ highlightMs: 0 }).highlightMs, 0);
    assert.equal(loadWith({ highlightMs: 60_000 }).highlightMs, 60_000);
    assert.equal(loadWith({ highlightMs: 60_001 }).highlightMs, 3000);
    assert.equal(loadWith({ highlightMs: -1 }).highlightMs, 3000);
    assert.equal(loadWith({ highlightMs: '5000' }).highlightMs, 3000);
    // JSON has no NaN or Infinity: a huge exponent is the nearest a file can hold.
    assert.equal(loadFrom('{"highlightMs": 1e999}').highlightMs, 3000);
  });

  it('accepts column state only as an array of objects with a string colId', () => {
    assert.deepEqual(loadWith({ columnState: CUSTOM.columnState }).columnState, CUSTOM.columnState);
    assert.equal(loadWith({ columnState: [{ colId: 'pid' }, { width: 10 }] }).columnState, null);
    assert.equal(loadWith({ columnState: [{ colId: 'pid' }, null] }).columnState, null);
    assert.equal(loadWith({ columnState: [['pid']] }).columnState, null);
    assert.equal(loadWith({ columnState: { colId: 'pid' } }).columnState, null);
  });

  it('never throws when the storage itself does', () => {
    const blocked = {
      getItem(): string | null {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    };
    assert.deepEqual(loadPreferences(blocked), DEFAULT_PREFERENCES);
  });

  it('returns fresh objects: changing what it gave does not change the defaults', () => {
    const prefs = loadPreferences(new MemoryStorage());
    prefs.filter.protocols.tcp4 = false;
    prefs.filter.search = 'x';
    assert.equal(DEFAULT_FILTER.protocols.tcp4, true);
    assert.equal(DEFAULT_PREFERENCES.filter.search, '');
  });
});

describe('savePreferences', () => {
  it('swallows a full storage', () => {
    const full = {
      setItem(): void {
        throw new DOMException('quota exceeded', 'QuotaExceededError');
      },
    };
    assert.doesNotThrow(() => savePreferences(full, CUSTOM));
  });

  it('stores plain JSON', () => {
    const storage = new MemoryStorage();
    savePreferences(storage, DEFAULT_PREFERENCES);
    assert.deepEqual(JSON.parse(storage.getItem(PREFERENCES_KEY) ?? ''), DEFAULT_PREFERENCES);
  });
});
