import '../http/role-matrix.test.js'
