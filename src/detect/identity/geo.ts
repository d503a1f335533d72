/**
 * Country centroids for distance between two logons when the gateway names only the country (FortiGate
 * `srccountry` writes names, GlobalProtect `srcregion` ISO codes). Rounded to a degree: good enough to tell
 * "same region" from "another continent", not for city-level travel. Coordinates are approximate geographic
 * centres (public knowledge), listed for the countries most often seen in VPN logs.
 */

/** [ISO 3166-1 alpha-2, English name, latitude, longitude]. */
const CENTROIDS: [string, string, number, number][] = [
  ['US', 'United States', 39, -98],
  ['CA', 'Canada', 56, -106],
  ['MX', 'Mexico', 23, -102],
  ['BR', 'Brazil', -10, -52],
  ['AR', 'Argentina', -34, -64],
  ['CL', 'Chile', -33, -71],
  ['CO', 'Colombia', 4, -73],
  ['PE', 'Peru', -10, -76],
  ['VE', 'Venezuela', 7, -66],
  ['GB', 'United Kingdom', 54, -2],
  ['IE', 'Ireland', 53, -8],
  ['FR', 'France', 46, 2],
  ['DE', 'Germany', 51, 10],
  ['NL', 'Netherlands', 52, 5],
  ['BE', 'Belgium', 51, 4],
  ['LU', 'Luxembourg', 50, 6],
  ['CH', 'Switzerland', 47, 8],
  ['AT', 'Austria', 47, 14],
  ['IT', 'Italy', 42, 12],
  ['ES', 'Spain', 40, -4],
  ['PT', 'Portugal', 39, -8],
  ['DK', 'Denmark', 56, 10],
  ['NO', 'Norway', 61, 9],
  ['SE', 'Sweden', 62, 15],
  ['FI', 'Finland', 64, 26],
  ['PL', 'Poland', 52, 19],
  ['CZ', 'Czech Republic', 50, 15],
  ['SK', 'Slovakia', 49, 19],
  ['HU', 'Hungary', 47, 20],
  ['RO', 'Romania', 46, 25],
  ['BG', 'Bulgaria', 43, 25],
  ['GR', 'Greece', 39, 22],
  ['RS', 'Serbia', 44, 21],
  ['HR', 'Croatia', 45, 16],
  ['UA', 'Ukraine', 49, 32],
  ['BY', 'Belarus', 53, 28],
  ['MD', 'Moldova', 47, 29],
  ['LT', 'Lithuania', 55, 24],
  ['LV', 'Latvia', 57, 25],
  ['EE', 'Estonia', 59, 26],
  ['RU', 'Russia', 61, 100],
  ['TR', 'Turkey', 39, 35],
  ['IL', 'Israel', 31, 35],
  ['SA', 'Saudi Arabia', 24, 45],
  ['AE', 'United Arab Emirates', 24, 54],
  ['IR', 'Iran', 32, 53],
  ['IQ', 'Iraq', 33, 44],
  ['EG', 'Egypt', 27, 30],
  ['MA', 'Morocco', 32, -6],
  ['DZ', 'Algeria', 28, 2],
  ['TN', 'Tunisia', 34, 9],
  ['NG', 'Nigeria', 10, 8],
  ['GH', 'Ghana', 8, -1],
  ['KE', 'Kenya', 0, 38],
  ['ET', 'Ethiopia', 9, 39],
  ['ZA', 'South Africa', -29, 24],
  ['IN', 'India', 22, 79],
  ['PK', 'Pakistan', 30, 70],
  ['BD', 'Bangladesh', 24, 90],
  ['CN', 'China', 35, 104],
  ['HK', 'Hong Kong', 22, 114],
  ['TW', 'Taiwan', 24, 121],
  ['KR', 'South Korea', 36, 128],
  ['KP', 'North Korea', 40, 127],
  ['JP', 'Japan', 36, 138],
  ['VN', 'Vietnam', 16, 107],
  ['TH', 'Thailand', 15, 101],
  ['MY', 'Malaysia', 4, 102],
  ['SG', 'Singapore', 1, 104],
  ['ID', 'Indonesia', -2, 118],
  ['PH', 'Philippines', 13, 122],
  ['AU', 'Australia', -25, 134],
  ['NZ', 'New Zealand', -41, 174],
];

/** A place: ISO code and centroid. */
export interface Place {
  code: string;
  lat: number;
  lon: number;
}

const BY_KEY = new Map<string, Place>();
for (const [code, name, lat, lon] of CENTROIDS) {
  const p = { code, lat, lon };
  BY_KEY.set(code.toLowerCase(), p);
  BY_KEY.set(name.toLowerCase(), p);
}

/** A country as a gateway writes it (ISO code or English name, any case) → its centroid; undefined if unknown. */
export function placeOf(country: string): Place | undefined {
  return BY_KEY.get(country.trim().toLowerCase());
}

/** One comparable key for a country however it is written: the ISO code when known, else the text in lower case. */
export function countryKey(country: string): string {
  return placeOf(country)?.code ?? country.trim().toLowerCase();
}

/** Great-circle distance in km (haversine, mean Earth radius 6371 km). */
export function distanceKm(a: Place, b: Place): number {
  const r = Math.PI / 180;
  const dLat = (b.lat - a.lat) * r;
  const dLon = (b.lon - a.lon) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
