/**
 * Reads an `strace -f -tt -e trace=fsync,fdatasync,pwrite64,write,openat,close` log of fsyncAckChild.ts and checks,
 * for every acknowledgement (`write(1, "ACK n\n")`), that each database file written since the previous
 * acknowledgement (the WAL, or the database file itself) was fsynced or fdatasynced after its last write and before
 * the acknowledgement. Lines split by other threads ("<unfinished ...>") count at their start: the fd is there, and
 * one thread's calls run in order.
 */
export interface AckVerdict {
  ack: number
  ok: boolean
  reason?: string
}

export interface FsyncTraceReport {
  acks: number
  acksAfterFsync: number
  verdicts: AckVerdict[]
  /** 100 × acksAfterFsync / acks. */
  fsyncBeforeAckPercent: number
}

const CALL = /^(\d+)\s+[\d:.]+\s+(?:<\.\.\. )?(openat|close|pwrite64|write|fsync|fdatasync)\((.*)$/

/** The files that count are the database at `dbPath` and its WAL. Every acknowledged save must have written the WAL. */
export function checkFsyncBeforeAck(trace: string, dbPath: string): FsyncTraceReport {
  const watched = new Set([dbPath, `${dbPath}-wal`])
  const fdPath = new Map<string, string>()
  const pendingOpen = new Map<string, string>()
  // fd of a watched file -> its path, while written and not yet fsynced.
  const dirty = new Map<string, string>()
  let walWritten = false
  const verdicts: AckVerdict[] = []
  for (const line of trace.split('\n')) {
    const resumedOpen = /^(\d+)\s+[\d:.]+\s+<\.\.\. openat resumed>.*=\s+(\d+)\s*$/.exec(line)
    if (resumedOpen) {
      const path = pendingOpen.get(resumedOpen[1] ?? '')
      if (path) fdPath.set(resumedOpen[2] ?? '', path)
      continue
    }
    if (line.includes(' resumed>')) continue
    const match = CALL.exec(line)
    if (!match) continue
    const [, pid = '', call, rest = ''] = match
    const fd = /^(\d+)/.exec(rest)?.[1]
    if (call === 'openat') {
      const path = /"([^"]*)"/.exec(rest)?.[1]
      const result = /=\s+(\d+)\s*$/.exec(rest)?.[1]
      if (path && result) fdPath.set(result, path)
      else if (path) pendingOpen.set(pid, path)
    } else if (call === 'close' && fd) fdPath.delete(fd)
    else if (call === 'pwrite64' && fd) {
      const path = fdPath.get(fd)
      if (path && watched.has(path)) {
        dirty.set(fd, path)
        if (path === `${dbPath}-wal`) walWritten = true
      }
    } else if ((call === 'fsync' || call === 'fdatasync') && fd) dirty.delete(fd)
    else if (call === 'write' && fd === '1') {
      const ack = /^1, "ACK (\d+)\\n"/.exec(rest)?.[1]
      if (ack === undefined) continue
      const unsynced = [...dirty.values()]
      verdicts.push(
        !walWritten
          ? { ack: Number(ack), ok: false, reason: 'no write to the WAL before this acknowledgement' }
          : unsynced.length === 0
            ? { ack: Number(ack), ok: true }
            : { ack: Number(ack), ok: false, reason: `written but not fsynced: ${unsynced.join(', ')}` },
      )
      walWritten = false
    }
  }
  const acksAfterFsync = verdicts.filter((v) => v.ok).length
  return {
    acks: verdicts.length,
    acksAfterFsync,
    verdicts,
    fsyncBeforeAckPercent: verdicts.length === 0 ? 0 : (100 * acksAfterFsync) / verdicts.length,
  }
}
