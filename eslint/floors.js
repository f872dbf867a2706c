// @ts-check
/**
 * The floors of electron/core, lowest first (VS Code's layering, applied inside the core). A folder may import only
 * from folders on lower floors; folders on one floor never import each other, so the folders can form no loop.
 * README's layout section draws this table, and test/layers.test.ts proves each rule bites.
 */
export const CORE_FLOORS = [
  ['base'], //                                   shared words: clock, session states, errors, responses, event-chain format
  ['crypto', 'fs'], //                           primitives: AEAD, keys, scrypt, randomness; atomic files, pid locks
  ['bank', 'db', 'station', 'environment', 'protocol'], // content, storage, identity, environment, room protocol
  ['package', 'delivery', 'roster'], //         signed packages, delivery forms, candidate rosters
  ['exam', 'grading', 'session', 'sitting'], // installed exams, scoring, the session service, signed sitting files
  ['bundle', 'kiosk', 'demo'], //               result bundles, kiosk policies, demo exams
  ['admin', 'results'], //                      station administration, collected results
  ['runtime', 'upload', 'room'], //             the station runtime, the upload outbox, the room server's logic
  ['api', 'rehearsal', 'roomLink'], //          the API contract and handlers, the rehearsal, the station's room link
]

/** `import-x/no-restricted-paths` zones: each folder is barred from its own floor and every floor above it. */
export function coreFloorZones(root = 'electron/core') {
  return CORE_FLOORS.flatMap((floor, level) => {
    const lower = CORE_FLOORS.slice(0, level).flat()
    const barred = CORE_FLOORS.slice(level).flat()
    return floor.map((folder) => ({
      target: `./${root}/${folder}`,
      from: barred.filter((other) => other !== folder).map((other) => `./${root}/${other}`),
      message: `core/${folder} is on floor ${String(level)} and may import only ${lower.length ? lower.join(', ') : 'nothing else of core'} (see eslint/floors.js).`,
    }))
  })
}

/**
 * Around the core: the Electron shell and the browser host are two transports over the same core, and the CLI may
 * start the host (`invigil host`) and the room server (`invigil room serve`). Neither transport reaches into the other
 * or into the CLI, and the room server stands beside them, on the core alone.
 */
export const OUTER_ZONES = [
  {
    target: './electron/core',
    from: ['./electron/shell', './electron/host', './electron/room', './electron/cli'],
    message:
      'electron/core is the bottom layer: it imports nothing from the shell, the host, the room server or the CLI.',
  },
  {
    target: './electron/shell',
    from: ['./electron/host', './electron/room', './electron/cli'],
    message: 'the Electron shell imports only the core.',
  },
  {
    target: './electron/host',
    from: ['./electron/shell', './electron/room', './electron/cli'],
    message: 'the browser host imports only the core.',
  },
  {
    target: './electron/room',
    from: ['./electron/shell', './electron/host', './electron/cli'],
    message: "the room's HTTP server imports only the core.",
  },
  {
    target: './electron/cli',
    from: ['./electron/shell'],
    message: 'the CLI runs under plain Node: it imports the core, the host and the room server, never the shell.',
  },
]
