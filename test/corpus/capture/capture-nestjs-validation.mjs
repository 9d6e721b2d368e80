// Captures NestJS 11's ValidationPipe (class-validator, class-transformer) and its default exception
// bodies. Plain JavaScript has no decorator syntax, so each decorator is applied the way TypeScript's
// emitted code applies it (Reflect.decorate), and the `design:paramtypes` metadata that
// `emitDecoratorMetadata` would write is written by hand.
import 'reflect-metadata'
import { NestFactory } from '@nestjs/core'
import {
  Module,
  Controller,
  Post,
  Get,
  Put,
  Body,
  Query,
  Param,
  UseGuards,
  ValidationPipe,
  ParseIntPipe,
  ParseUUIDPipe,
  ParseEnumPipe,
  UnauthorizedException,
  HttpStatus,
} from '@nestjs/common'
import {
  IsString,
  MinLength,
  IsEmail,
  ValidateNested,
  IsInt,
  IsPositive,
  IsArray,
  ArrayMinSize,
  IsOptional,
  Min,
  Max,
  IsIn,
  IsDefined,
} from 'class-validator'
import { Type } from 'class-transformer'
import { close, jsonInit, write, ver, recordEach, baseOf, BAD_USER } from './lib.mjs'

/** Applies property decorators to `Class.prototype[property]`, as `@Decorator() property` would. */
function decorateProperties(Class, properties) {
  for (const [property, decorators] of Object.entries(properties)) {
    Reflect.decorate(decorators, Class.prototype, property)
  }
}

/** Applies method and parameter decorators to a controller method, with its parameter types. */
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
  items: [IsArray(), ArrayMinSize(1), ValidateNested({ each: true }), Type(() => ItemDto)],
  tags: [IsOptional(), IsString({ each: true })],
})

class SearchQueryDto {}
decorateProperties(SearchQueryDto, {
  page: [Type(() => Number), IsInt(), Min(1)],
  limit: [IsOptional(), Type(() => Number), IsInt(), Max(100)],
  sort: [IsOptional(), IsIn(['name', 'createdAt'])],
})

const Role = { admin: 'admin', member: 'member' }

class UsersController {
  create() {
    return { ok: true }
  }
  createStrict() {
    return { ok: true }
  }
  createUnprocessable() {
    return { ok: true }
  }
  search() {
    return { ok: true }
  }
  one() {
    return { ok: true }
  }
  byUuid() {
    return { ok: true }
  }
  byRole() {
    return { ok: true }
  }
  admin() {
    return { ok: true }
  }
  me() {
    throw new UnauthorizedException()
  }
  crash() {
    throw new Error('db connection refused')
  }
}
Reflect.defineMetadata('design:paramtypes', [], UsersController)
decorateMethod(UsersController, 'create', {
  decorators: [Post('users')],
  parameters: [Body(new ValidationPipe())],
  parameterTypes: [CreateUserDto],
})
decorateMethod(UsersController, 'createStrict', {
  decorators: [Post('strict/users')],
  parameters: [Body(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }))],
  parameterTypes: [CreateUserDto],
})
decorateMethod(UsersController, 'createUnprocessable', {
  decorators: [Put('users')],
  parameters: [Body(new ValidationPipe({ errorHttpStatusCode: HttpStatus.UNPROCESSABLE_ENTITY }))],
  parameterTypes: [CreateUserDto],
})
decorateMethod(UsersController, 'search', {
  decorators: [Get('search')],
  parameters: [Query(new ValidationPipe({ transform: true }))],
  parameterTypes: [SearchQueryDto],
})
decorateMethod(UsersController, 'one', {
  decorators: [Get('users/:id')],
  parameters: [Param('id', ParseIntPipe)],
  parameterTypes: [Number],
})
decorateMethod(UsersController, 'byUuid', {
  decorators: [Get('orders/:id')],
  parameters: [Param('id', new ParseUUIDPipe({ version: '4' }))],
  parameterTypes: [String],
})
decorateMethod(UsersController, 'byRole', {
  decorators: [Get('roles/:role')],
  parameters: [Param('role', new ParseEnumPipe(Role))],
  parameterTypes: [String],
})
// A guard that returns false: Nest answers with its default ForbiddenException.
class DenyGuard {
  canActivate() {
    return false
  }
}
decorateMethod(UsersController, 'admin', { decorators: [Get('admin'), UseGuards(DenyGuard)] })
decorateMethod(UsersController, 'me', { decorators: [Get('me')] })
decorateMethod(UsersController, 'crash', { decorators: [Get('crash')] })
Reflect.decorate([Controller()], UsersController)

class AppModule {}
Reflect.decorate([Module({ controllers: [UsersController] })], AppModule)

const app = await NestFactory.create(AppModule, { logger: false })
await app.listen(0, '127.0.0.1')
const server = app.getHttpServer()
const base = await baseOf(server)

const requests = [
  {
    name: 'ValidationPipe, nested DTO and array of DTOs',
    path: '/users',
    init: jsonInit('POST', BAD_USER),
  },
  {
    name: 'ValidationPipe, nested object and array missing',
    path: '/users',
    init: jsonInit('POST', { name: 'Ada', email: 'ada@example.com' }),
  },
  {
    name: 'ValidationPipe, array of objects with wrong element types',
    path: '/users',
    init: jsonInit('POST', {
      name: 'Ada',
      email: 'ada@example.com',
      address: { city: 'Paris' },
      items: [{ qty: 2 }, { qty: 'three' }, 7],
    }),
  },
  {
    name: 'ValidationPipe, each: true on a list of strings',
    path: '/users',
    init: jsonInit('POST', {
      name: 'Ada',
      email: 'ada@example.com',
      address: { city: 'Paris' },
      items: [{ qty: 1 }],
      tags: ['a', 2],
    }),
  },
  {
    name: 'ValidationPipe whitelist + forbidNonWhitelisted, unknown properties',
    path: '/strict/users',
    init: jsonInit('POST', {
      name: 'Ada',
      email: 'ada@example.com',
      address: { city: 'Paris', zip: '75001' },
      items: [{ qty: 1 }],
      role: 'admin',
    }),
  },
  {
    name: 'ValidationPipe with errorHttpStatusCode 422',
    path: '/users',
    init: jsonInit('PUT', { ...BAD_USER, email: 'ada@example.com' }),
  },
  {
    name: 'ValidationPipe on @Query() with transform',
    path: '/search?page=0&limit=500&sort=size',
    init: { method: 'GET' },
  },
  { name: 'ParseIntPipe on a path parameter', path: '/users/abc', init: { method: 'GET' } },
  {
    name: 'ParseUUIDPipe version 4 on a path parameter',
    path: '/orders/123',
    init: { method: 'GET' },
  },
  { name: 'ParseEnumPipe on a path parameter', path: '/roles/owner', init: { method: 'GET' } },
  { name: 'body that is not JSON', path: '/users', init: jsonInit('POST', '{"name": "Ada",') },
  {
    name: 'body over the 100 kB JSON limit (413)',
    path: '/users',
    init: jsonInit('POST', JSON.stringify({ name: 'x'.repeat(120_000) })),
    hideBody: true,
  },
  { name: 'guard that returns false (default 403)', path: '/admin', init: { method: 'GET' } },
  { name: 'new UnauthorizedException() (default 401)', path: '/me', init: { method: 'GET' } },
  { name: 'unknown route (default 404)', path: '/nope', init: { method: 'GET' } },
  { name: 'route exists for another method', path: '/admin', init: { method: 'DELETE' } },
  { name: 'uncaught Error (default 500)', path: '/crash', init: { method: 'GET' } },
]

const origin = `ran @nestjs/core@${ver('@nestjs/core')} with @nestjs/common@${ver('@nestjs/common')}, @nestjs/platform-express@${ver('@nestjs/platform-express')}, class-validator@${ver('class-validator')}, class-transformer@${ver('class-transformer')} here`
const cases = await recordEach(base, requests, origin, () => app.close().then(() => close(server)))
write('nestjs-11-validationpipe-captured', 'NestJS 11 ValidationPipe (captured)', cases)
