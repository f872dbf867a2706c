import { access, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Command } from 'commander'
import { generateAuthorityKeys } from '../core/package/authorityKeys'
import type { CommandContext } from './bankCommands'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import { reportingTypedFailures } from './typedFailure'

export const AUTHORITY_PRIVATE_KEY_FILE = 'authority.key.pem'
export const AUTHORITY_PUBLIC_KEY_FILE = 'authority.pub.pem'

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  )

async function keygen(ctx: CommandContext, dir: string): Promise<ExitCode> {
  const privatePath = join(dir, AUTHORITY_PRIVATE_KEY_FILE)
  const publicPath = join(dir, AUTHORITY_PUBLIC_KEY_FILE)
  for (const path of [privatePath, publicPath]) {
    if (await exists(path)) {
      // Replacing an authority key would make every station that trusts the old one refuse new packages.
      ctx.io.err(`invigil: error: ${path} already exists; not overwriting it (choose another --out directory)\n`)
      return EXIT.invalid
    }
  }
  const keys = generateAuthorityKeys()
  await mkdir(dir, { recursive: true, mode: 0o700 })
  // 'wx' fails rather than overwrite a key created since the check above.
  await writeFile(privatePath, keys.privateKeyPem, { flag: 'wx', mode: 0o600 })
  await writeFile(publicPath, keys.publicKeyPem, { flag: 'wx', mode: 0o644 })
  ctx.io.out(`authority key ${keys.keyId}\nwrote ${privatePath} (secret: keep it off the stations)\nwrote ${publicPath} (install on stations as a trusted authority)\n`)
  return EXIT.ok
}

/** `invigil authority …`: the exam authority's signing keys, with which packages are signed. */
export function registerAuthorityCommands(program: Command, ctx: CommandContext): void {
  const authority = program.command('authority').description('manage the exam authority keys that sign exam packages')

  authority
    .command('keygen')
    .description(`create an Ed25519 key pair: DIR/${AUTHORITY_PRIVATE_KEY_FILE} (mode 0600) and DIR/${AUTHORITY_PUBLIC_KEY_FILE}; never overwrites`)
    .requiredOption('--out <dir>', 'directory for the key files (created if missing)')
    .action(async (flags: { out: string }) => ctx.exit(await reportingTypedFailures(ctx.io, () => keygen(ctx, flags.out))))
}
