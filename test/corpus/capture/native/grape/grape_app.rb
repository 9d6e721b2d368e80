# The Grape API capture-grape.py starts: `ruby grape_app.rb PORT`, served by WEBrick. Parameters
# are declared with Grape's own `params` DSL, so every validation message is Grape's default.
# /safe is the same API with `rescue_from :all`, the documented way to answer every exception.
require 'grape'
require 'rack/handler/webrick'

module Endpoints
  def self.included(api)
    api.format :json

    api.params do
      requires :name, type: String, allow_blank: false
      requires :email, type: String, regexp: /\A[^@\s]+@[^@\s]+\z/
      requires :address, type: Hash do
        requires :city, type: String, allow_blank: false
      end
      requires :items, type: Array do
        requires :qty, type: Integer, values: 1..10
      end
    end
    api.post '/users' do
      { ok: true }
    end

    api.params do
      requires :page, type: Integer
      optional :per_page, type: Integer, values: 1..100
    end
    api.get '/users' do
      []
    end

    api.params do
      requires :id, type: Integer
    end
    api.get '/users/:id' do
      { id: params[:id] }
    end

    api.get '/crash' do
      raise 'db connection refused'
    end
  end
end

class SafeAPI < Grape::API
  rescue_from :all
  include Endpoints
end

class CaptureAPI < Grape::API
  include Endpoints
  namespace :private do
    http_basic realm: 'Capture API' do |user, password|
      user == 'alice' && password == 'wonderland'
    end
    get '/' do
      { ok: true }
    end
  end
  mount SafeAPI => '/safe'
end

Rack::Handler::WEBrick.run(CaptureAPI, Host: '127.0.0.1', Port: Integer(ARGV[0]), AccessLog: [],
                                       Logger: WEBrick::Log.new(File::NULL))
