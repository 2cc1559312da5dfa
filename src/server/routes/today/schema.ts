import { z } from 'zod';
import { calendarDate } from '../../../shared/schemas/common';

/** `?date=YYYY-MM-DD`: the day to look at (default: today in Asia/Jakarta); for testing and planning ahead. */
export const todayQuery = z.object({ date: calendarDate.optional() });
