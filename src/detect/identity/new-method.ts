/**
 * auth.new_method: placeholder registered ahead of its implementation (being written now); it never alerts.
 */
import type { DetectorMeta } from '../detector.js';
import type { IdentityPart } from './common.js';

/** Metadata of auth.new_method. */
export const NEW_METHOD: DetectorMeta = {
  id: 'auth.new_method',
  title: 'Logon with an authentication method new for this user',
  category: 'identity',
  attack: ['T1078'],
  needs: ['authentication'],
  scorePolicy: 'not yet implemented',
  falsePositives: ['placeholder'],
  blindSpots: ['not yet implemented'],
  maturity: 'experimental',
};

/** The part detecting logons with a method new for the user. */
export function newMethod(): IdentityPart {
  return { meta: NEW_METHOD, handle() {}, snapshot: () => null, restore() {} };
}
