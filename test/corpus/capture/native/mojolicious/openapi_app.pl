#!/usr/bin/perl
# The Mojolicious::Plugin::OpenAPI app capture-mojolicious-openapi.py starts:
# `perl openapi_app.pl daemon -l URL -m production`. The routes come from openapi.json beside it;
# each action first calls `openapi->valid_input`, as the plugin's documentation shows, so every
# error body here is the plugin's default. get_user answers a body its spec does not allow, so the
# plugin's response validation speaks.
use Mojolicious::Lite -signatures;

get '/users/:id' => sub ($c) {
  $c = $c->openapi->valid_input or return;
  $c->render(openapi => {id => 'not-a-number'});
}, 'get_user';

post '/users' => sub ($c) {
  $c = $c->openapi->valid_input or return;
  $c->render(openapi => {}, status => 201);
}, 'create_user';

get '/users' => sub ($c) {
  $c = $c->openapi->valid_input or return;
  $c->render(openapi => []);
}, 'list_users';

get '/crash' => sub ($c) {
  $c = $c->openapi->valid_input or return;
  die "db connection refused\n";
}, 'crash';

# Debian's JSON::Validator ships no copy of the draft-04 meta-schema and this machine reaches no
# other host, so the spec itself is not validated against it (requests and responses still are).
plugin OpenAPI => {url => app->home->child('openapi.json'), skip_validating_specification => 1};
app->start;
