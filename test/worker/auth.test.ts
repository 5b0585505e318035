import '../http/auth.test.js'
