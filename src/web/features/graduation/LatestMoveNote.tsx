/**
 * Under a case's current state: why it is there, the note of the move that brought it there (a rejection's
 * reason, a re-entry's, any other step's note), with who wrote it and when. Today tells a pendamping whose
 * proposal was rejected to read the reason: it is here, not only at the bottom of the history.
 */
import type { FamilyGraduation } from '../../data/graduation';
import { UserName } from '../../data/user-names';
import { useFormat, useT } from '../../i18n/I18nProvider';
import { withNode } from './labels';
import './messages';

export function LatestMoveNote({ g }: { g: FamilyGraduation }) {
  const tr = useT();
  const fmt = useFormat();
  // The history runs oldest first; researchers get no notes (null).
  const last = g.history.at(-1);
  if (!last || last.to !== g.state || !last.note?.trim()) return null;
  const label = last.to === 'rejected' || last.to === 'reentered' ? `web.grad.currentNote.${last.to}` : 'web.grad.currentNote.other';
  const date = fmt.timestamp(last.at);
  return (
    <div className="grad-current-note" data-to={last.to}>
      <p>
        <strong>{tr(label)}</strong> “{last.note.trim()}”
      </p>
      <p className="muted">{last.by ? withNode(tr, 'web.grad.currentNoteBy', { date }, 'who', <UserName username={last.by} />) : date}</p>
    </div>
  );
}
