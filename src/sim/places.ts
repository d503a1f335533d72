/**
 * Remote places staff connect from (home broadband near the hospital, travel) and places attackers use, each
 * with a public address block. Addresses are made up inside blocks of the right region; the truth file names
 * the country so an evaluation does not depend on a GeoIP database.
 */
import type { Random } from './random.js';

/** A place with a country code and a /16 to draw addresses from. */
export interface RemotePlace {
  city: string;
  country: string;
  lat: number;
  lon: number;
  prefix: string;
}

/** Home broadband around the hospital (Wisconsin, US). */
export const HOME_PLACES: RemotePlace[] = [
  { city: 'Madison', country: 'US', lat: 43.07, lon: -89.4, prefix: '73.145' },
  { city: 'Milwaukee', country: 'US', lat: 43.04, lon: -87.91, prefix: '98.212' },
  { city: 'Green Bay', country: 'US', lat: 44.51, lon: -88.01, prefix: '71.87' },
  { city: 'Oshkosh', country: 'US', lat: 44.02, lon: -88.54, prefix: '24.177' },
];

/** Places staff travel to (legitimate, rarer). */
export const TRAVEL_PLACES: RemotePlace[] = [
  { city: 'Chicago', country: 'US', lat: 41.88, lon: -87.63, prefix: '107.77' },
  { city: 'Minneapolis', country: 'US', lat: 44.98, lon: -93.27, prefix: '174.53' },
];

/** Places an attacker's session comes from. */
export const FOREIGN_PLACES: RemotePlace[] = [
  { city: 'Bucharest', country: 'RO', lat: 44.43, lon: 26.1, prefix: '86.124' },
  { city: 'Lagos', country: 'NG', lat: 6.52, lon: 3.38, prefix: '105.112' },
  { city: 'Sao Paulo', country: 'BR', lat: -23.55, lon: -46.63, prefix: '177.37' },
  { city: 'Hanoi', country: 'VN', lat: 21.03, lon: 105.85, prefix: '113.185' },
  { city: 'Amsterdam', country: 'NL', lat: 52.37, lon: 4.9, prefix: '185.107' },
];

/** A host address in a place's block. */
export function addressIn(rng: Random, p: RemotePlace): string {
  return `${p.prefix}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
}

/** A public address outside every place above (hosting / botnet space). */
export function externalAddress(rng: Random): string {
  return `${rng.pick(['45.134', '91.240', '194.26', '176.111', '5.188'])}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
}

/** Common cloud/web destinations staff browse (stable, so "new destination" is meaningful). */
export const WEB_DESTINATIONS = [
  '52.96.0.10',
  '13.107.42.14',
  '142.250.65.78',
  '151.101.1.69',
  '104.18.32.7',
  '20.190.151.6',
];
