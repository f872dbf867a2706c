import { masterKeyKeyring } from '../../crypto/keyring'
import { defaultRandom } from '../../crypto/randomSource'
import { MASTER_KEY_HEX, type TempStation } from '../../session/testing/tempStation'
import { StationSeal } from '../stationSeal'

/** The station seal as a temp station's own service opens it: same master key, so each verifies what the other wrote. */
const sealKeyring = masterKeyKeyring(Buffer.from(MASTER_KEY_HEX, 'hex'))
export const sealOf = (station: TempStation): StationSeal => new StationSeal(station.db, sealKeyring, defaultRandom)
