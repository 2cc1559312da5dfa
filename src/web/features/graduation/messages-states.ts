/**
 * The names of graduation stages and types, shared by the graduation screens and the coordinators'
 * conflict inbox (each chunk imports this one file, so the names are said once).
 */
import { registerMessages } from '../../i18n/register';

export const graduationStateMessages = registerMessages({
  'web.grad.state.none': { id: 'Belum ada kasus graduasi', en: 'No graduation case yet' },
  'web.grad.state.candidate': { id: 'Kandidat', en: 'Candidate' },
  'web.grad.state.assessed': { id: 'Sudah diases', en: 'Assessed' },
  'web.grad.state.statement_signed': { id: 'Surat pernyataan ditandatangani', en: 'Statement signed' },
  'web.grad.state.proposed': { id: 'Diusulkan', en: 'Proposed' },
  'web.grad.state.approved': { id: 'Disetujui', en: 'Approved' },
  'web.grad.state.rejected': { id: 'Ditolak', en: 'Rejected' },
  'web.grad.state.exited': { id: 'Keluar dari PKH', en: 'Exited' },
  // Exited with the exit's date still ahead: the family is in PKH until then.
  'web.grad.state.exitedOn': { id: 'Keluar dari PKH per {date}', en: 'Leaves PKH on {date}' },
  'web.grad.state.monitoring': { id: 'Pemantauan', en: 'Monitoring' },
  'web.grad.state.closed': { id: 'Selesai', en: 'Closed' },
  'web.grad.state.reentered': { id: 'Masuk kembali', en: 'Re-entered' },
  'web.grad.caseOfType': { id: 'Kasus {type}: {state}', en: '{type} case: {state}' },
  'web.grad.type.alamiah': { id: 'Alamiah', en: 'Natural (alamiah)' },
  'web.grad.type.sejahtera_mandiri': { id: 'Sejahtera mandiri', en: 'Prosperous-independent (sejahtera mandiri)' },
  'web.grad.type.paksa': { id: 'Paksa', en: 'Forced (paksa)' },
  'web.grad.type.pena': { id: 'PENA (usaha)', en: 'PENA (business)' },
});
