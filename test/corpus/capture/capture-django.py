#!/usr/bin/python3
# Captures plain Django's default error responses with DEBUG=False (404, 500, 400 for a disallowed
# host and for a body over DATA_UPLOAD_MAX_MEMORY_SIZE, the CSRF 403 page, PermissionDenied,
# require_POST's 405, and a form's errors sent with form.errors.get_json_data()), and Django REST
# framework responses the documented DRF cases do not show (a real nested + list serializer error,
# a many=True list body, a top-level ValidationError list, malformed JSON, 415, AuthenticationFailed
# with a custom challenge). No database is used. Writes out/django.json and out/django-rest-framework-captured.json.
# Debian packages: python3-django, python3-djangorestframework. Run with /usr/bin/python3.
import logging

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY='capture-only-not-a-secret',
    ALLOWED_HOSTS=['127.0.0.1'],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[
        'django.middleware.common.CommonMiddleware',
        'django.middleware.csrf.CsrfViewMiddleware',
    ],
    INSTALLED_APPS=['django.contrib.contenttypes', 'rest_framework'],
    DATABASES={},
    DATA_UPLOAD_MAX_MEMORY_SIZE=1024,
    REST_FRAMEWORK={
        'UNAUTHENTICATED_USER': None,
        'DEFAULT_AUTHENTICATION_CLASSES': [],
        'DEFAULT_PERMISSION_CLASSES': [],
    },
    LOGGING_CONFIG=None,
)
django.setup()
logging.disable(logging.CRITICAL)

from django import forms  # noqa: E402
from django.core.exceptions import PermissionDenied  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402
from rest_framework import exceptions, serializers  # noqa: E402
from rest_framework.authentication import BaseAuthentication  # noqa: E402
from rest_framework.decorators import api_view, authentication_classes, permission_classes  # noqa: E402
from rest_framework.permissions import IsAuthenticated  # noqa: E402
from rest_framework.response import Response  # noqa: E402

from capture_lib import BAD_USER, json_req, record, serve_wsgi, ver, write  # noqa: E402


# ---- plain Django views
def crash(request):
    raise RuntimeError('db connection refused')


def admin_only(request):
    raise PermissionDenied


def form_post(request):
    return HttpResponse('ok')


@require_POST
def subscribe(request):
    return HttpResponse('ok')


@csrf_exempt
def upload(request):
    return HttpResponse(str(len(request.POST)))


class SignupForm(forms.Form):
    name = forms.CharField(min_length=2)
    email = forms.EmailField()
    password = forms.CharField()
    password2 = forms.CharField()

    def clean(self):
        data = super().clean()
        if data.get('password') != data.get('password2'):
            raise forms.ValidationError('Passwords do not match.', code='password_mismatch')
        return data


@csrf_exempt
def signup(request):
    form = SignupForm(request.POST)
    if not form.is_valid():
        return JsonResponse({'errors': form.errors.get_json_data()}, status=400)
    return JsonResponse({'ok': True})


# ---- DRF views
class AddressSerializer(serializers.Serializer):
    city = serializers.CharField(min_length=2)


class ItemSerializer(serializers.Serializer):
    qty = serializers.IntegerField(min_value=1)


class UserSerializer(serializers.Serializer):
    name = serializers.CharField(min_length=2)
    email = serializers.EmailField()
    address = AddressSerializer()
    items = ItemSerializer(many=True)


@api_view(['POST'])
def drf_users(request):
    s = UserSerializer(data=request.data)
    s.is_valid(raise_exception=True)
    return Response(s.data)


@api_view(['POST'])
def drf_items(request):
    s = ItemSerializer(data=request.data, many=True)
    s.is_valid(raise_exception=True)
    return Response(s.data)


@api_view(['POST'])
def drf_close(request):
    raise serializers.ValidationError('This order is already closed.')


class BearerAuth(BaseAuthentication):
    def authenticate(self, request):
        header = request.headers.get('Authorization', '')
        if header.startswith('Bearer '):
            raise exceptions.AuthenticationFailed('Invalid token.')
        return None

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


@api_view(['GET'])
@authentication_classes([BearerAuth])
@permission_classes([IsAuthenticated])
def drf_me(request):
    return Response({'ok': True})


urlpatterns = [
    path('crash', crash),
    path('admin', admin_only),
    path('form', form_post),
    path('subscribe', subscribe),
    path('upload', upload),
    path('signup', signup),
    path('api/users', drf_users),
    path('api/items', drf_items),
    path('api/orders/7/close', drf_close),
    path('api/me', drf_me),
]

if __name__ == '__main__':
    port, stop = serve_wsgi(WSGIHandler())
    try:
        origin = f"ran django@{ver('django')} here (DEBUG=False, CommonMiddleware + CsrfViewMiddleware, served by wsgiref)"
        form = {'Content-Type': 'application/x-www-form-urlencoded'}
        django_cases = [
            record(port, name, origin, **r)
            for name, r in [
                ('unknown URL', {'path': '/nope'}),
                ('uncaught exception', {'path': '/crash'}),
                ('raise PermissionDenied', {'path': '/admin'}),
                ('POST without a CSRF token', {'path': '/form', 'method': 'POST', 'headers': form, 'body': 'a=1'}),
                ('@require_POST view called with GET', {'path': '/subscribe'}),
                ('Host header not in ALLOWED_HOSTS', {'path': '/admin', 'headers': {'Host': 'evil.example'}}),
                (
                    'form body over DATA_UPLOAD_MAX_MEMORY_SIZE',
                    {'path': '/upload', 'method': 'POST', 'headers': form, 'body': 'note=' + 'x' * 4096, 'show_body': False},
                ),
                (
                    "JsonResponse({'errors': form.errors.get_json_data()}, status=400) with field and form-level errors",
                    {
                        'path': '/signup',
                        'method': 'POST',
                        'headers': form,
                        'body': 'name=A&email=nope&password=a&password2=b',
                    },
                ),
            ]
        ]
        write('django', 'Django', django_cases)

        origin = f"ran djangorestframework@{ver('djangorestframework')} on django@{ver('django')} here (DEBUG=False, @api_view function views, served by wsgiref)"
        drf_cases = [
            record(port, name, origin, **r)
            for name, r in [
                (
                    'nested serializer and many=True list field errors',
                    {'path': '/api/users', **json_req('POST', BAD_USER)},
                ),
                (
                    'many=True serializer: a list body with one bad item',
                    {'path': '/api/items', **json_req('POST', [{'qty': 2}, {'qty': 0}, {}])},
                ),
                (
                    "raise ValidationError('This order is already closed.') in a view: a top-level list",
                    {'path': '/api/orders/7/close', 'method': 'POST'},
                ),
                ('malformed JSON body', {'path': '/api/users', **json_req('POST', '{"name": ')}),
                (
                    'unsupported Content-Type',
                    {'path': '/api/users', 'method': 'POST', 'headers': {'Content-Type': 'text/csv'}, 'body': 'a,b\n'},
                ),
                (
                    'AuthenticationFailed from a custom Bearer authentication',
                    {'path': '/api/me', 'headers': {'Authorization': 'Bearer expired-token'}},
                ),
            ]
        ]
        write('django-rest-framework-captured', 'Django REST framework (captured)', drf_cases)
    finally:
        stop()
