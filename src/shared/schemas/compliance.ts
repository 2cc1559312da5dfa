/**
 * Compliance verification (verifikasi komitmen) requests. An observation entered by hand is
 * `observationCreate` (./facilitation) plus, to replace the month's observation already there, the
 * `version` of it the writer saw (`replaces`): the server never replaces one unasked (see
 * src/server/services/compliance.service.ts recordObservation).
 */
import { z } from 'zod';
import { observationCreate } from './facilitation';

/** An observation's version as the API gives it (opaque, lower-case hex). */
export const observationVersion = z.string().regex(/^[0-9a-f]{8,64}$/, { message: 'validation.observation_version' });

export const observationWrite = observationCreate.extend({
  /** The version of the month's observation this one replaces ("Ganti catatan"); absent for a new one. */
  replaces: observationVersion.optional(),
});
