import '../http/input-bounds.test.js'
