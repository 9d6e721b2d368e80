<?php
// The Slim 3 app capture-slim.py serves with PHP's built-in server (`php -S ... slim_app.php`).
// displayErrorDetails follows SLIM_DEBUG; the error handlers are Slim's defaults, which pick HTML,
// JSON, XML or plain text from the Accept header. Copied to /tmp/rq-capture-native/slim and run
// from there, so exception details quote a fixed path.
require '/usr/share/php/Slim/autoload.php';

$app = new \Slim\App(['settings' => ['displayErrorDetails' => getenv('SLIM_DEBUG') === '1']]);

$app->post('/users', function ($request, $response) {
    return $response->withJson(['ok' => true]);
});

$app->get('/crash', function ($request, $response) {
    throw new RuntimeException('db connection refused');
});

$app->get('/type-error', function ($request, $response) {
    return strlen();
});

$app->run();
