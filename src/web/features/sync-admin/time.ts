/** Time helpers of the sync screens: how long ago, and whether a device is past the offline limit. */
import { SYNC_OFFLINE_LIMIT_DAYS } from '../../data/sync-admin';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Whether a device last synced longer ago than the limit (never: yes). */
export function isStale(lastSyncAt: string | null, now: number, days: number = SYNC_OFFLINE_LIMIT_DAYS): boolean {
  if (!lastSyncAt) return true;
  const at = Date.parse(lastSyncAt);
  return Number.isNaN(at) || now - at > days * DAY;
}

const formats = new Map<string, Intl.RelativeTimeFormat>();

/** "2 jam yang lalu", "kemarin", "10 hari yang lalu" (or in English), from an ISO instant. */
export function relativeTime(locale: string, iso: string, now: number): string {
  let rtf = formats.get(locale);
  if (!rtf) {
    rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    formats.set(locale, rtf);
  }
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  if (abs < MINUTE) return rtf.format(0, 'second');
  if (abs < HOUR) return rtf.format(Math.round(diff / MINUTE), 'minute');
  if (abs < DAY) return rtf.format(Math.round(diff / HOUR), 'hour');
  return rtf.format(Math.round(diff / DAY), 'day');
}

/** The first block of a device id: enough to tell one person's phones apart. */
export function shortDevice(deviceId: string): string {
  return deviceId.slice(0, 8);
}
