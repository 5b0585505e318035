import '../http/notifications.test.js'
