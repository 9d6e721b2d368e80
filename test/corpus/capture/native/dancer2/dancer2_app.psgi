# The Dancer2 apps capture-dancer2.py serves with plackup (HTTP::Server::PSGI): the same routes as
# an HTML app at / and with the JSON serializer at /json. Every error body is Dancer2's default.
# Copied to /tmp/rq-capture-native/dancer2 and run from there.
use strict;
use warnings;

package Routes;

sub add {
    my ($dsl) = @_;
    $dsl->post('/users' => sub { return { ok => 1 } });
    $dsl->get('/crash' => sub { die "db connection refused\n" });
    $dsl->post('/signup' => sub { $dsl->send_error('Email is required.', 400) });
    $dsl->get('/admin' => sub { $dsl->send_error('Admins only.', 403) });
}

package HtmlApp;
use Dancer2 appname => 'HtmlApp';
set show_errors => 0;
Routes::add(__PACKAGE__->dsl);

package JsonApp;
use Dancer2 appname => 'JsonApp';
set serializer  => 'JSON';
set show_errors => 0;
Routes::add(__PACKAGE__->dsl);

package main;
use Plack::Builder;

builder {
    mount '/json'  => JsonApp->to_app;
    mount '/'      => HtmlApp->to_app;
};
