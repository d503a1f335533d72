/**
 * auth.new_device: placeholder registered ahead of its implementation (being written now); it never alerts.
 */
import type { DetectorMeta } from '../detector.js';
import type { IdentityPart } from './common.js';

/** Metadata of auth.new_device. */
export const NEW_DEVICE: DetectorMeta = {
  id: 'auth.new_device',
  title: 'Logon with a device or workstation new for this user',
  category: 'identity',
  attack: ['T1078'],
  needs: ['authentication'],
  scorePolicy: 'not yet implemented',
  falsePositives: ['placeholder'],
  blindSpots: ['not yet implemented'],
  maturity: 'experimental',
};

/** The part detecting logons from a device new for the user. */
export function newDevice(): IdentityPart {
  return { meta: NEW_DEVICE, handle() {}, snapshot: () => null, restore() {} };
}
