import { access, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Command } from 'commander'
import { generateAuthorityKeys } from '../core/package/authorityKeys'
import {
  generateResultEncryptionKeys,
  RESULT_ENCRYPTION_PRIVATE_KEY_FILE,
  RESULT_ENCRYPTION_PUBLIC_KEY_FILE,
} from '../core/package/resultEncryptionKey'
import type { CommandContext } from './commandContext'
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
  const signingKey = join(dir, AUTHORITY_PRIVATE_KEY_FILE)
  const signingPub = join(dir, AUTHORITY_PUBLIC_KEY_FILE)
  const encryptionKey = join(dir, RESULT_ENCRYPTION_PRIVATE_KEY_FILE)
  const encryptionPub = join(dir, RESULT_ENCRYPTION_PUBLIC_KEY_FILE)
  for (const path of [signingKey, signingPub, encryptionKey, encryptionPub]) {
    if (await exists(path)) {
      // Replacing an authority key would make every station that trusts the old one refuse new packages, and
      // leave bundles already encrypted to the old one unreadable.
      ctx.io.err(`invigil: error: ${path} already exists; not overwriting it (choose another --out directory)\n`)
      return EXIT.invalid
    }
  }
  const signing = generateAuthorityKeys()
  const encryption = generateResultEncryptionKeys()
  await mkdir(dir, { recursive: true, mode: 0o700 })
  // 'wx' fails rather than overwrite a key created since the check above.
  await writeFile(signingKey, signing.privateKeyPem, { flag: 'wx', mode: 0o600 })
  await writeFile(signingPub, signing.publicKeyPem, { flag: 'wx', mode: 0o644 })
  await writeFile(encryptionKey, encryption.privateKeyPem, { flag: 'wx', mode: 0o600 })
  await writeFile(encryptionPub, encryption.publicKeyPem, { flag: 'wx', mode: 0o644 })
  ctx.io.out(
    `authority key ${signing.keyId}\n` +
      `wrote ${signingKey} (secret: signs packages; keep it off the stations)\n` +
      `wrote ${signingPub} (install on stations as a trusted authority)\n` +
      `wrote ${encryptionKey} (secret: opens encrypted results; give it to results import / intake as --authority-key)\n` +
      `wrote ${encryptionPub} (paste into the package settings as result_encryption_key)\n`,
  )
  return EXIT.ok
}

/** `invigil authority …`: the exam authority's keys: one pair signs packages, the other opens encrypted results. */
export function registerAuthorityCommands(program: Command, ctx: CommandContext): void {
  const authority = program
    .command('authority')
    .description('manage the exam authority keys: signing exam packages, opening encrypted results')

  authority
    .command('keygen')
    .description(
      `create the Ed25519 signing pair DIR/${AUTHORITY_PRIVATE_KEY_FILE} (mode 0600) and DIR/${AUTHORITY_PUBLIC_KEY_FILE}, ` +
        `and the X25519 results pair DIR/${RESULT_ENCRYPTION_PRIVATE_KEY_FILE} (mode 0600) and DIR/${RESULT_ENCRYPTION_PUBLIC_KEY_FILE}; never overwrites`,
    )
    .requiredOption('--out <dir>', 'directory for the key files (created if missing)')
    .action(async (flags: { out: string }) =>
      ctx.exit(await reportingTypedFailures(ctx.io, () => keygen(ctx, flags.out))),
    )
}
