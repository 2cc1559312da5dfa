/**
 * The dates the server takes in a filter (src/shared/schemas/common.ts `calendarDate`): a real calendar
 * date of the years 1800 to 2999. Checked here so a wrong year is said beside its field before anything is
 * asked (a download link would otherwise save the server's JSON refusal as the file).
 */
import { isCalendarDate } from '../../../domain/dates';

export const MIN_FILTER_DATE = '1800-01-01';
export const MAX_FILTER_DATE = '2999-12-31';

/** Why a typed filter date would be refused: `date` not a calendar date, `range` outside 1800-2999; null when empty or fine. */
export function filterDateProblem(value: string | null | undefined): 'date' | 'range' | null {
  if (!value) return null;
  if (!isCalendarDate(value)) return 'date';
  return value < MIN_FILTER_DATE || value > MAX_FILTER_DATE ? 'range' : null;
}
