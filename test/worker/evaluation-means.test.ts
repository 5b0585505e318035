// The evaluation means of test/http (set per year, the latest earlier year in force), inside workerd on D1.
import '../http/evaluation-means.test.js'
