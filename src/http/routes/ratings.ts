import { createRoute, z } from '@hono/zod-openapi'
import { Id } from '../../services/inputs/instant.js'
import { RatingInput } from '../../services/inputs/rating.js'
import { keysetPage } from '../../services/paging.js'
import { rateOrder, rateReservation, ratingComments } from '../../services/ratings.js'
import { currentUser, signedIn } from '../auth.js'
import { RatingCommentSchema, RatingSchema, ratingCommentDto, ratingDto } from '../order-dto.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, listOf, named, Pagination, problems } from '../schemas.js'

// Ratings (用户评价): after each use, once, within 30 days; comments for the instrument's admin and talent offices.

const IdParam = z.object({ id: Id })

const rateRoute = (of: 'reservations' | 'orders') =>
  createRoute({
    method: 'post',
    path: `/${of}/{id}/rating`,
    tags: ['ratings'],
    summary:
      of === 'reservations'
        ? 'Rate a use of yours: timeliness, quality, staff (1–5) and a comment; once, within 30 days of its end'
        : 'Rate a reported order of yours: once, within 30 days of its report',
    security: bearer,
    middleware: [signedIn] as const,
    request: { params: IdParam, ...jsonBody(named(RatingInput, 'NewRating')) },
    responses: {
      201: json(RatingSchema, 'Rated'),
      ...problems('forbidden', 'duplicate', 'invalid-transition'),
    },
  })

export const ratingRoutes = createRouter()
  .openapi(rateRoute('reservations'), async (c) => {
    const rating = await rateReservation(c.var.deps, currentUser(c), c.req.valid('param').id, c.req.valid('json'))
    return c.json(ratingDto(rating), 201)
  })
  .openapi(rateRoute('orders'), async (c) => {
    const rating = await rateOrder(c.var.deps, currentUser(c), c.req.valid('param').id, c.req.valid('json'))
    return c.json(ratingDto(rating), 201)
  })
  .openapi(
    createRoute({
      method: 'get',
      path: '/instruments/{id}/ratings',
      tags: ['ratings'],
      summary:
        'The ratings of an instrument with their comments, newest first: its institute admin (with the rater), talent offices (without)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam, query: z.object(Pagination) },
      responses: { 200: json(listOf(RatingCommentSchema), 'Newest first'), ...problems('forbidden') },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const { page, nextCursor } = await keysetPage(
        query,
        'number',
        (r: { createdAt: number; id: string }) => [r.createdAt, r.id] as const,
        (before, limit) =>
          ratingComments(c.var.deps, currentUser(c), c.req.valid('param').id, {
            before: before && { createdAt: before[0], id: before[1] },
            limit,
          }),
      )
      return c.json({ items: page.map(ratingCommentDto), nextCursor }, 200)
    },
  )
