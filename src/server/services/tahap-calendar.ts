/** The payment calendar as the services read it: data/reference/tahap-calendar.json, with its year exceptions. */
import { tahapCalendarFromReference, tahapsOfYear } from '../../domain/compliance';
import { formatCalendarDate } from '../../domain/dates';
import type { CalendarDate } from '../../domain/types';
import type { AppContext } from '../context';

/**
 * The first day of each tahap of `year`, tahap 1 first (the first month of its slot). An unreadable
 * calendar document falls back to the default quarters.
 */
export async function tahapStarts(ctx: AppContext, year: number): Promise<CalendarDate[]> {
  const parsed = tahapCalendarFromReference(await ctx.repos.reference.document('tahap-calendar'));
  const slots = tahapsOfYear(year, parsed.ok ? parsed.calendar : undefined);
  return slots.map((slot) => formatCalendarDate(year, slot.months[0] ?? 1, 1));
}

/** The first day of one tahap; a tahap the calendar does not have starts where its quarter would. */
export async function tahapStart(ctx: AppContext, year: number, tahap: number): Promise<CalendarDate> {
  const starts = await tahapStarts(ctx, year);
  return starts[tahap - 1] ?? formatCalendarDate(year, Math.min(12, (tahap - 1) * 3 + 1), 1);
}
