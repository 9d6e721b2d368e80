# The Sinatra app capture-sinatra.py starts: `APP_ENV=ENVIRONMENT ruby sinatra_app.rb PORT`, served by
# WEBrick. Copied to /tmp/rq-capture-native/sinatra and run from there, so backtraces quote a fixed
# path. Nothing here changes Sinatra's error handling: every error body is Sinatra's or Rack's own.
require 'sinatra/base'
require 'rack/handler/webrick'

# The environment comes from APP_ENV (set by the capture script): Sinatra::Base reads it when it
# loads, and its development error pages are chosen then.
class CaptureApp < Sinatra::Base
  get '/profile' do
    content_type :json
    '{"name":"alice"}'
  end

  post '/users' do
    content_type :json
    '{"ok":true}'
  end

  get '/crash' do
    raise 'db connection refused'
  end

  post '/signup' do
    halt 400, 'Email is required.'
  end
end

# Rack::Auth::Basic in front of one path, as a Rack app mounts it
app = Rack::Builder.new do
  map '/private' do
    use Rack::Auth::Basic, 'Capture API' do |user, password|
      user == 'alice' && password == 'wonderland'
    end
    run ->(_env) { [200, { 'content-type' => 'text/plain' }, ['secret']] }
  end
  run CaptureApp
end

Rack::Handler::WEBrick.run(app, Host: '127.0.0.1', Port: Integer(ARGV[0]), AccessLog: [],
                                Logger: WEBrick::Log.new(File::NULL))
