/**
 * Windows Security events in the evtx-dump JSON shape of ../shared/data/windows/*.jsonl.
 * Event fields: https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4624 (and the
 * page of each id).
 */
import type { WindowsData } from '../record.js';

const TASKS: Record<number, number> = {
  4624: 12544,
  4625: 12544,
  4634: 12545,
  4672: 12548,
  4768: 14339,
  4769: 14337,
  4771: 14339,
  4776: 14336,
  4720: 13824,
  4728: 13826,
  4732: 13826,
  // 4663 as logged by the Removable Storage audit subcategory; 6416 Plug and Play.
  4663: 12802,
  6416: 13316,
};

/** One event as a JSON line; `recordId` is System.EventRecordID. */
export function windowsEventLine(recordId: string, time: number, w: WindowsData): string {
  const failure = w.eventId === 4625 || w.eventId === 4771;
  return JSON.stringify({
    System: {
      Provider: {
        Name: 'Microsoft-Windows-Security-Auditing',
        Guid: '{54849625-5478-4994-a5ba-3e3b0328c30d}',
      },
      EventID: w.eventId,
      Version: w.eventId === 4624 ? 2 : 0,
      Level: 0,
      Task: TASKS[w.eventId] ?? 12544,
      Opcode: 0,
      Keywords: failure ? '0x8010000000000000' : '0x8020000000000000',
      TimeCreated: new Date(time).toISOString().replace('Z', '000Z'),
      EventRecordID: Number(recordId),
      Correlation: {},
      Execution: { ProcessID: 668, ThreadID: 1200 },
      Channel: 'Security',
      Computer: w.computer,
      Security: {},
    },
    EventData: w.data,
  });
}
