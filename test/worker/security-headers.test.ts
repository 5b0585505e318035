import '../http/security-headers.test.js'
