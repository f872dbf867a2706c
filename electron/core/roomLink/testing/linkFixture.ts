import { installInput, runtimeDir, type RuntimeDir } from '../../runtime/testing/runtimeFixture'
import type { StationRuntime } from '../../runtime/stationRuntime'
import { RoomLink, type RoomLinkOptions } from '../roomLink'
import { startScriptedRoom, type ScriptedRoom } from './scriptedRoom'

/** Test support: a real station runtime with a running session, a scripted room, and the link between them. */
export interface LinkFixture {
  dir: RuntimeDir
  runtime: StationRuntime
  room: ScriptedRoom
  sessionId: string
  link: RoomLink
  /** A second link on the same runtime (as after a restart of the link), with options changed. */
  newLink(over?: Partial<RoomLinkOptions>): RoomLink
  cleanup(): Promise<void>
}

export async function linkFixture(over: Partial<RoomLinkOptions> = {}): Promise<LinkFixture> {
  const dir = runtimeDir()
  const runtime = await dir.open()
  runtime.installExam(installInput())
  const { sessionId } = runtime.beginSession({ candidateId: 'C-001', name: '陳大文' })
  runtime.sessions.start(sessionId)
  const room = await startScriptedRoom()
  const links: RoomLink[] = []
  const newLink = (more: Partial<RoomLinkOptions> = {}): RoomLink => {
    const link = new RoomLink({
      runtime,
      signer: runtime.stationSigner(),
      roomUrl: room.url,
      sittingId: room.sittingId,
      roomKey: room.publicKey,
      seat: 'A-01',
      transport: room.transport,
      heartbeatMs: 20,
      requestTimeoutMs: 3000,
      hostname: 'station-a01',
      appVersion: 'test',
      ...over,
      ...more,
    })
    links.push(link)
    return link
  }
  const link = newLink()
  return {
    dir,
    runtime,
    room,
    sessionId,
    link,
    newLink,
    cleanup: async () => {
      await Promise.all(links.map((l) => l.stop()))
      await room.close()
      await runtime.close()
      dir.cleanup()
    },
  }
}
