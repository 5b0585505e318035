// Runs and reservations storming one slot, on D1 inside workerd.
import '../http/order-storm.test.js'
