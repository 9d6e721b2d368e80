// Captures routing-controllers on its Express driver: class-validator errors for bodies (nested
// objects, arrays, whitelist) and query objects, its parameter errors, @Authorized's 401 and 403,
// its HttpError classes, and uncaught errors in development mode (the stack is sent) and production
// mode. Decorators are applied with Reflect.decorate, as TypeScript's emitted code does, with the
// `design:*` metadata that `emitDecoratorMetadata` would write written by hand.
import 'reflect-metadata'
import './stack-paths.mjs'
import {
  createExpressServer,
  JsonController,
  Controller,
  Post,
  Get,
  Body,
  QueryParam,
  QueryParams,
  Param,
  Authorized,
  NotFoundError,
  HttpError,
  ForbiddenError,
} from 'routing-controllers'
import {
  IsString,
  MinLength,
  IsEmail,
  ValidateNested,
  IsInt,
  IsPositive,
  IsArray,
  Min,
  IsIn,
  IsDefined,
} from 'class-validator'
import { Type } from 'class-transformer'
import { close, jsonInit, write, ver, recordEach, baseOf, BAD_USER } from './lib.mjs'

function decorateProperties(Class, properties) {
  for (const [property, decorators] of Object.entries(properties)) {
    Reflect.decorate(decorators, Class.prototype, property)
  }
}

function decorateMethod(Class, method, { decorators, parameters = [], parameterTypes = [] }) {
  const descriptor = Object.getOwnPropertyDescriptor(Class.prototype, method)
  Reflect.defineMetadata('design:paramtypes', parameterTypes, Class.prototype, method)
  parameters.forEach((parameterDecorator, index) =>
    parameterDecorator(Class.prototype, method, index),
  )
  Reflect.decorate(decorators, Class.prototype, method, descriptor)
}

class AddressDto {}
decorateProperties(AddressDto, { city: [IsString(), MinLength(2)] })
class ItemDto {}
decorateProperties(ItemDto, { qty: [IsInt(), IsPositive()] })
class CreateUserDto {}
decorateProperties(CreateUserDto, {
  name: [IsString(), MinLength(2)],
  email: [IsEmail()],
  address: [IsDefined(), ValidateNested(), Type(() => AddressDto)],
  items: [IsArray(), ValidateNested({ each: true }), Type(() => ItemDto)],
})
class SearchQuery {}
decorateProperties(SearchQuery, {
  page: [Type(() => Number), IsInt(), Min(1)],
  sort: [IsIn(['name', 'createdAt'])],
})

class UsersController {
  create() {
    return { ok: true }
  }
  createStrict() {
    return { ok: true }
  }
  search() {
    return { ok: true }
  }
  list() {
    return { ok: true }
  }
  one() {
    return { ok: true }
  }
  me() {
    return { ok: true }
  }
  admin() {
    return { ok: true }
  }
  missing() {
    throw new NotFoundError('User was not found.')
  }
  nothing() {
    return undefined
  }
  slowDown() {
    throw new HttpError(429, 'Too many password attempts, wait 15 minutes')
  }
  locked() {
    throw new ForbiddenError('Account is locked')
  }
  crash() {
    throw new Error('db connection refused')
  }
}
decorateMethod(UsersController, 'create', {
  decorators: [Post('/users')],
  parameters: [Body({ required: true })],
  parameterTypes: [CreateUserDto],
})
decorateMethod(UsersController, 'createStrict', {
  decorators: [Post('/strict/users')],
  parameters: [Body({ validate: { whitelist: true, forbidNonWhitelisted: true } })],
  parameterTypes: [CreateUserDto],
})
decorateMethod(UsersController, 'search', {
  decorators: [Get('/search')],
  parameters: [QueryParams()],
  parameterTypes: [SearchQuery],
})
decorateMethod(UsersController, 'list', {
  decorators: [Get('/users')],
  parameters: [QueryParam('limit', { required: true })],
  parameterTypes: [Number],
})
decorateMethod(UsersController, 'one', {
  decorators: [Get('/users/:id')],
  parameters: [Param('id')],
  parameterTypes: [Number],
})
decorateMethod(UsersController, 'me', { decorators: [Get('/me'), Authorized()] })
decorateMethod(UsersController, 'admin', { decorators: [Get('/admin'), Authorized('admin')] })
decorateMethod(UsersController, 'missing', { decorators: [Get('/missing')] })
decorateMethod(UsersController, 'nothing', { decorators: [Get('/nothing')] })
decorateMethod(UsersController, 'slowDown', { decorators: [Post('/login')] })
decorateMethod(UsersController, 'locked', { decorators: [Get('/locked')] })
decorateMethod(UsersController, 'crash', { decorators: [Get('/crash')] })
Reflect.decorate([JsonController()], UsersController)

// A controller that answers text, not JSON: its errors are sent as text (the stack in development).
class PagesController {
  crash() {
    throw new Error('template not found: invoice.html')
  }
}
decorateMethod(PagesController, 'crash', { decorators: [Get('/crash')] })
Reflect.decorate([Controller('/pages')], PagesController)

const options = (development) => ({
  controllers: [UsersController, PagesController],
  development,
  validation: true,
  // Nobody is signed in: @Authorized() answers 401 and @Authorized('admin') 403.
  authorizationChecker: () => false,
})

async function start(development) {
  const server = createExpressServer(options(development)).listen(0, '127.0.0.1')
  return { server, base: await baseOf(server) }
}

const developmentRequests = [
  {
    name: 'class-validator errors, nested DTO and array of DTOs',
    path: '/users',
    init: jsonInit('POST', BAD_USER),
  },
  {
    name: 'class-validator whitelist + forbidNonWhitelisted',
    path: '/strict/users',
    init: jsonInit('POST', {
      name: 'Ada',
      email: 'ada@example.com',
      address: { city: 'Paris' },
      items: [],
      role: 'admin',
    }),
  },
  {
    name: '@QueryParams() object validated with class-validator',
    path: '/search?page=0&sort=size',
    init: { method: 'GET' },
  },
  { name: '@QueryParam required and missing', path: '/users', init: { method: 'GET' } },
  {
    name: '@QueryParam number that does not parse',
    path: '/users?limit=ten',
    init: { method: 'GET' },
  },
  { name: '@Param number that does not parse', path: '/users/abc', init: { method: 'GET' } },
  {
    name: '@Body({ required: true }) with no body',
    path: '/users',
    init: { method: 'POST', headers: { 'content-type': 'application/json' } },
  },
  { name: 'body that is not JSON', path: '/users', init: jsonInit('POST', '{"name": "Ada",') },
  { name: '@Authorized() without a user (401)', path: '/me', init: { method: 'GET' } },
  { name: "@Authorized('admin') without the role (403)", path: '/admin', init: { method: 'GET' } },
  {
    name: "throw new NotFoundError('User was not found.')",
    path: '/missing',
    init: { method: 'GET' },
  },
  {
    name: 'action returns undefined (default NotFoundError)',
    path: '/nothing',
    init: { method: 'GET' },
  },
  { name: 'throw new HttpError(429, message)', path: '/login', init: { method: 'POST' } },
  {
    name: "throw new ForbiddenError('Account is locked')",
    path: '/locked',
    init: { method: 'GET' },
  },
  {
    name: 'uncaught Error, development mode (stack in the JSON body)',
    path: '/crash',
    init: { method: 'GET' },
  },
  {
    name: 'uncaught Error in a text @Controller, development mode (the stack is the body)',
    path: '/pages/crash',
    init: { method: 'GET' },
  },
  { name: 'unknown route (Express finalhandler)', path: '/nope', init: { method: 'GET' } },
]
const productionRequests = [
  { name: 'uncaught Error, production mode', path: '/crash', init: { method: 'GET' } },
  {
    name: 'uncaught Error in a text @Controller, production mode',
    path: '/pages/crash',
    init: { method: 'GET' },
  },
  {
    name: 'class-validator errors, production mode',
    path: '/users',
    init: jsonInit('POST', { name: 'Ada', email: 'ada@example', address: {}, items: [{ qty: 0 }] }),
  },
]

const origin = (mode) =>
  `ran routing-controllers@${ver('routing-controllers')} with express@${ver('routing-controllers/node_modules/express')}, class-validator@${ver('class-validator')}, class-transformer@${ver('class-transformer')} here (development: ${mode === 'development'})`

const development = await start(true)
const cases = await recordEach(development.base, developmentRequests, origin('development'), () =>
  close(development.server),
)
const production = await start(false)
cases.push(
  ...(await recordEach(production.base, productionRequests, origin('production'), () =>
    close(production.server),
  )),
)
write('routing-controllers', 'routing-controllers', cases)
