// Qualification recognition (资格互认) of test/http — recognise, book under it, grant on completion, revoke, statistics —
// run inside workerd on D1: the guarded inserts, the upsert and changes() inside D1's batch().
import '../http/recognitions.test.js'
