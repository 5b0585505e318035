import '../http/calendars.test.js'
