import type { Bank } from '../../bank/schema'
import { buildPackage } from '../../package/examPackage'
import { tinyBank } from '../../package/testing/tinyBank'
import { now, SPEC, sittingKit } from './sittingKit'
import type { SittingKit } from './sittingKit'

/**
 * The sitting kit with a second exam in the room: a second tiny package (another exam id and title, one more
 * minute) signed by the same authority, named in the spec, and a roster that gives each candidate their exam.
 */
export const SECOND_BANK: Bank = { ...tinyBank, id: 'tiny-b', title: 'Tiny exam B', duration_minutes: 31 }

export const TWO_EXAM_SPEC = SPEC.replace(
  '  - tiny.invigil-package\n',
  '  - tiny.invigil-package\n  - tiny-b.invigil-package\n',
)

export const TWO_EXAM_ROSTER =
  'candidate_id,name,seat,exam_id,extra_minutes\nC-001,陳大文,A-01,tiny,\nC-002,Ann Lee,a-03,tiny-b,15\nC-003,Bo,B-01,tiny-b,\n'

export async function twoExamKit(roster = TWO_EXAM_ROSTER): Promise<SittingKit> {
  const kit = await sittingKit()
  const second = await buildPackage({ bank: SECOND_BANK, authorityPrivateKeyPem: kit.authority.privateKeyPem, now })
  kit.write('tiny-b.invigil-package', second)
  kit.write('sitting.yaml', TWO_EXAM_SPEC)
  kit.write('roster.csv', roster)
  return kit
}
