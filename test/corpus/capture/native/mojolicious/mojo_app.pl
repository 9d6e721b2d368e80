#!/usr/bin/perl
# The Mojolicious::Lite app capture-mojolicious.py starts: `perl mojo_app.pl daemon -l URL -m MODE`.
# Its error pages are Mojolicious' built-in templates (no templates of its own); copied to
# /tmp/rq-capture-native/mojolicious and run from there, so the development pages quote a fixed path.
use Mojolicious::Lite -signatures;

post '/users' => sub ($c) { $c->render(json => {ok => \1}) };

get '/crash' => sub ($c) { die "db connection refused\n" };

app->start;
