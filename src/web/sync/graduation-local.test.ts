import { describe, expect, it } from 'vitest';
import { render } from './graduation-local';

describe('graduation messages rendered on the phone', () => {
  it('fill plural words as the server does', () => {
    expect(render('en', 'graduation.monitoring.visit', { visit: 1, months: 1, dueDate: '15 October 2026' })).toBe('Follow-up visit 1, 1 month after exit: due 15 October 2026.');
    expect(render('en', 'graduation.monitoring.visit', { visit: 2, months: 6, dueDate: '15 January 2027' })).toContain('6 months after exit');
    expect(render('en', 'graduation.monitoring.visit', { visit: 2, months: 6, dueDate: 'x' })).not.toContain('{');
  });
});
