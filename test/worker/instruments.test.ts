import '../http/instruments.test.js'
