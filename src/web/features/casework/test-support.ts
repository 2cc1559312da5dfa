/** Helpers for this area's component tests. */
import { act } from 'react';
import type { DataUpdate } from '../../data/casework';

export async function typeText(el: Element, value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export function proposal(over: Partial<DataUpdate> = {}): DataUpdate {
  return {
    id: 'du-seed-1',
    familyId: 'fam-0001',
    kind: 'kelahiran',
    reason: 'Bayi lahir di puskesmas',
    evidence: 'Surat keterangan lahir',
    status: 'proposed',
    proposedBy: 'pendamping01',
    proposedAt: '2026-07-10T02:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    appliedVersion: null,
    change: {
      version: 3,
      members: {
        add: [
          { name: 'Putri Santoso', relation: 'anak', sex: 'P', birthDate: '2026-07-01', schoolLevel: 'none', pregnant: false, postpartum: false, severeDisability: false, caretaker: false, startDate: '2026-07-01' },
        ],
      },
    },
    ...over,
  };
}

