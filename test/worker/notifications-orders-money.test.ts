import '../http/notifications-orders-money.test.js'
