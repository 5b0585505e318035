// The evaluation figures and their CSV of test/http (GET /evaluation, GET /evaluation.csv), inside workerd on D1.
import '../http/evaluation.test.js'
