/** A table of normalized events: time, class, actor, source IP, what happened, outcome, source record id. */
import type { WardEvent } from '../types.js';
import { describeEvent, fmtTime, isoTime, label } from '../format.js';
import { EntityLink } from './Badges.js';

/** Events as rows; `caption` names the table for screen readers. */
export function EventTable({ events, caption }: { events: readonly WardEvent[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Class</th>
            <th scope="col">User</th>
            <th scope="col">Source IP</th>
            <th scope="col">Host</th>
            <th scope="col">What</th>
            <th scope="col">Outcome</th>
            <th scope="col">Record id</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => (
            <tr key={`${e.source}|${e.id}|${i}`}>
              <td>
                <time dateTime={isoTime(e.time)}>{fmtTime(e.time)}</time>
              </td>
              <td>{label(e.class)}</td>
              <td>{e.user ? <EntityLink kind="user" value={e.user} /> : ''}</td>
              <td>{e.srcIp ? <EntityLink kind="srcIp" value={e.srcIp} /> : ''}</td>
              <td>{e.host ? <EntityLink kind="host" value={e.host} /> : ''}</td>
              <td>{describeEvent(e)}</td>
              <td className={`outcome-${e.outcome}`}>{label(e.outcome)}</td>
              <td>
                <code title={`${e.source} (${e.format})`}>{e.id}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
