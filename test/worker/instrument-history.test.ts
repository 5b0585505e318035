import '../http/instrument-history.test.js'
