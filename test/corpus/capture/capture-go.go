// Captures Go servers' error responses: Gin (release mode), Echo v4, and net/http with chi.
// Writes out/gin.json, out/echo.json and out/go-net-http.json in lib.mjs's record() shape.
//
// Debian packages: golang-go, golang-github-gin-gonic-gin-dev, golang-github-labstack-echo-dev,
// golang-github-go-chi-chi-dev, golang-github-go-playground-validator-v10-dev. They install sources
// for GOPATH mode, so run it as:
//
//	cd test/corpus/capture && GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= go run capture-go.go
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi"
	chimw "github.com/go-chi/chi/middleware"
	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo"
	echomw "github.com/labstack/echo/middleware"
)

// The headers to drop and the invalid sign-up most scripts send, shared with lib.mjs and capture_lib.py
// (run from this folder).
var skip, badUser = loadShared()

func loadShared() (map[string]bool, string) {
	raw, err := os.ReadFile("shared.json")
	if err != nil {
		panic(err)
	}
	var shared struct {
		DropHeaders []string        `json:"dropHeaders"`
		BadUser     json.RawMessage `json:"badUser"`
	}
	if err := json.Unmarshal(raw, &shared); err != nil {
		panic(err)
	}
	drop := map[string]bool{}
	for _, h := range shared.DropHeaders {
		drop[h] = true
	}
	// Compact keeps the keys in the file's order, as the other scripts send them
	var body bytes.Buffer
	if err := json.Compact(&body, shared.BadUser); err != nil {
		panic(err)
	}
	return drop, body.String()
}

type req struct {
	name    string
	method  string
	path    string
	headers map[string]string
	body    string
	hide    bool // record the body's size instead of the body
	warm    bool // send it, but record nothing (a request that only sets up the next one)
}

type kv struct {
	k string
	v interface{}
}

// ordered keeps the keys in the order lib.mjs writes them.
type ordered []kv

func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.k)
		b.Write(k)
		b.WriteByte(':')
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(e.v); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1) // Encode's newline
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func record(base string, r req, origin string) ordered {
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr, err := http.NewRequest(r.method, base+r.path, body)
	if err != nil {
		panic(err)
	}
	for k, v := range r.headers {
		hr.Header.Set(k, v)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	res, err := client.Do(hr)
	if err != nil {
		panic(fmt.Sprintf("%s %s: %v", r.method, r.path, err))
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	headers := ordered{}
	for _, k := range sortedKeys(res.Header) {
		lk := strings.ToLower(k)
		if skip[lk] {
			continue
		}
		headers = append(headers, kv{lk, strings.Join(res.Header[k], ", ")})
	}
	response := ordered{{"status", res.StatusCode}, {"headers", headers}}
	var parsed interface{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&parsed); err == nil && !dec.More() && strings.TrimSpace(string(raw)) != "" {
		response = append(response, kv{"body", json.RawMessage(bytes.TrimSpace(raw))})
	} else {
		response = append(response, kv{"bodyText", string(raw)})
	}
	request := ordered{{"method", r.method}, {"path", r.path}}
	if len(r.headers) > 0 {
		h := ordered{}
		for _, k := range sortedKeys(r.headers) {
			h = append(h, kv{k, r.headers[k]})
		}
		request = append(request, kv{"headers", h})
	}
	if r.body != "" {
		if r.hide {
			request = append(request, kv{"body", fmt.Sprintf("<%d bytes>", len(r.body))})
		} else {
			request = append(request, kv{"body", r.body})
		}
	}
	return ordered{
		{"name", r.name},
		{"origin", fmt.Sprintf("%s, %s %s", origin, r.method, r.path)},
		{"request", request},
		{"response", response},
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

func write(slug, source string, cases []ordered) {
	dir := "out"
	os.MkdirAll(dir, 0o755)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ordered{{"source", source}, {"cases", cases}}); err != nil {
		panic(err)
	}
	var pretty bytes.Buffer
	json.Indent(&pretty, buf.Bytes(), "", "  ")
	file := filepath.Join(dir, slug+".json")
	os.WriteFile(file, pretty.Bytes(), 0o644)
	fmt.Printf("wrote %s: %d cases\n", file, len(cases))
}

// serve starts h on 127.0.0.1:0 and returns its base URL and a stop function.
func serve(h http.Handler) (string, func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	srv := &http.Server{Handler: h, ErrorLog: nil}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }
}

func run(h http.Handler, origin string, reqs []req) []ordered {
	base, stop := serve(h)
	defer stop()
	var cases []ordered
	for _, r := range reqs {
		c := record(base, r, origin)
		if !r.warm {
			cases = append(cases, c)
		}
	}
	return cases
}

func debVersion(pkg string) string {
	out, err := exec.Command("dpkg-query", "-W", "-f", "${Version}", pkg).Output()
	if err != nil {
		return "unknown"
	}
	v := string(out)
	if i := strings.Index(v, "-"); i > 0 {
		v = v[:i]
	}
	return v
}

var jsonHdr = map[string]string{"Content-Type": "application/json"}

type Address struct {
	City string `json:"city" binding:"required,min=2" validate:"required,min=2"`
}
type Item struct {
	Qty int `json:"qty" binding:"required,min=1" validate:"required,min=1"`
}
type User struct {
	Name    string  `json:"name" binding:"required,min=2" validate:"required,min=2"`
	Email   string  `json:"email" binding:"required,email" validate:"required,email"`
	Address Address `json:"address" binding:"required" validate:"required"`
	Items   []Item  `json:"items" binding:"required,dive" validate:"required,dive"`
}

func ginCases() []ordered {
	gin.SetMode(gin.ReleaseMode)
	gin.DefaultErrorWriter = io.Discard
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.Use(gin.Recovery())
	r.POST("/users", func(c *gin.Context) {
		var u User
		// https://gin-gonic.com/docs/examples/binding-and-validation/
		if err := c.ShouldBindJSON(&u); err != nil {
			c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
			return
		}
		c.JSON(http.StatusOK, u)
	})
	r.GET("/search", func(c *gin.Context) {
		var q struct {
			Page int `form:"page" binding:"required,min=1"`
		}
		if err := c.ShouldBindQuery(&q); err != nil {
			c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
			return
		}
		c.JSON(http.StatusOK, q)
	})
	r.POST("/strict", func(c *gin.Context) {
		var u User
		// MustBindWith (c.BindJSON) aborts with 400 itself and sends no body.
		if err := c.BindJSON(&u); err != nil {
			return
		}
		c.JSON(http.StatusOK, u)
	})
	r.GET("/crash", func(c *gin.Context) { panic("db connection refused") })
	r.GET("/limited", func(c *gin.Context) {
		c.Header("Retry-After", "30")
		c.AbortWithStatusJSON(http.StatusTooManyRequests, gin.H{"error": "rate limit exceeded, retry in 30 seconds"})
	})
	r.GET("/accounts/:id", func(c *gin.Context) {
		c.JSON(http.StatusNotFound, gin.H{"code": "ACCOUNT_NOT_FOUND", "message": "account " + c.Param("id") + " not found"})
	})
	auth := r.Group("/admin", gin.BasicAuth(gin.Accounts{"admin": "capture-only"}))
	auth.GET("", func(c *gin.Context) { c.String(200, "ok") })

	origin := fmt.Sprintf("ran gin@%s here (gin.New() + gin.Recovery(), release mode, HandleMethodNotAllowed, %s)", strings.TrimPrefix(gin.Version, "v"), runtime.Version())
	return run(r, origin, []req{
		{name: "unknown route", method: "GET", path: "/nope"},
		{name: "route exists for another method only (HandleMethodNotAllowed = true)", method: "DELETE", path: "/users"},
		{name: "panic recovered by gin.Recovery()", method: "GET", path: "/crash"},
		{name: "ShouldBindJSON validator errors sent as {error: err.Error()} (the docs' pattern)", method: "POST", path: "/users", headers: jsonHdr, body: badUser},
		{name: "ShouldBindJSON on a malformed body sent as {error: err.Error()}", method: "POST", path: "/users", headers: jsonHdr, body: `{"name": `},
		{name: "ShouldBindJSON with a string for an int field sent as {error: err.Error()}", method: "POST", path: "/users", headers: jsonHdr, body: `{"name":"Ada","email":"ada@example.com","address":{"city":"London"},"items":[{"qty":"three"}]}`},
		{name: "ShouldBindQuery required query parameter missing", method: "GET", path: "/search"},
		{name: "BindJSON (MustBindWith) aborts with 400 and no body", method: "POST", path: "/strict", headers: jsonHdr, body: badUser},
		{name: "gin.BasicAuth without credentials", method: "GET", path: "/admin"},
		{name: "AbortWithStatusJSON 429 with Retry-After and {error: sentence}", method: "GET", path: "/limited"},
		{name: "c.JSON(404, {code, message})", method: "GET", path: "/accounts/7"},
	})
}

type echoValidator struct{ v *validator.Validate }

func (ev *echoValidator) Validate(i interface{}) error { return ev.v.Struct(i) }

func echoCases() []ordered {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.Logger.SetOutput(io.Discard)
	e.Validator = &echoValidator{validator.New()}
	e.Use(echomw.Recover())
	e.POST("/users", func(c echo.Context) error {
		u := new(User)
		if err := c.Bind(u); err != nil {
			return err
		}
		// https://echo.labstack.com/docs/request#validate-data
		if err := c.Validate(u); err != nil {
			return echo.NewHTTPError(http.StatusBadRequest, err.Error())
		}
		return c.JSON(http.StatusOK, u)
	})
	e.POST("/upload", func(c echo.Context) error { return c.NoContent(204) }, echomw.BodyLimit("1K"))
	e.GET("/crash", func(c echo.Context) error { panic("db connection refused") })
	e.GET("/me", func(c echo.Context) error {
		return echo.NewHTTPError(http.StatusUnauthorized, "invalid or expired token")
	})
	keyed := e.Group("/keyed", echomw.KeyAuth(func(key string, c echo.Context) (bool, error) { return key == "capture-only", nil }))
	keyed.GET("", func(c echo.Context) error { return c.String(200, "ok") })
	limited := e.Group("/limited", echomw.RateLimiter(echomw.NewRateLimiterMemoryStore(1)))
	limited.GET("", func(c echo.Context) error { return c.String(200, "ok") })

	origin := fmt.Sprintf("ran echo@%s here (echo.New() + middleware.Recover(), go-playground/validator v10 as e.Validator, %s)", echo.Version, runtime.Version())
	return run(e, origin, []req{
		{name: "unknown route", method: "GET", path: "/nope"},
		{name: "route exists for another method only", method: "DELETE", path: "/users"},
		{name: "panic recovered by middleware.Recover()", method: "GET", path: "/crash"},
		{name: "c.Validate errors returned as echo.NewHTTPError(400, err.Error())", method: "POST", path: "/users", headers: jsonHdr, body: badUser},
		{name: "c.Bind on a malformed JSON body", method: "POST", path: "/users", headers: jsonHdr, body: `{"name": `},
		{name: "c.Bind with a string for an int field", method: "POST", path: "/users", headers: jsonHdr, body: `{"name":"Ada","email":"ada@example.com","address":{"city":"London"},"items":[{"qty":"three"}]}`},
		{name: "c.Bind with an unsupported Content-Type", method: "POST", path: "/users", headers: map[string]string{"Content-Type": "text/csv"}, body: "a,b\n"},
		{name: "middleware.BodyLimit(\"1K\") exceeded", method: "POST", path: "/upload", headers: map[string]string{"Content-Type": "application/octet-stream"}, body: strings.Repeat("x", 4096), hide: true},
		{name: "echo.NewHTTPError(401, \"invalid or expired token\")", method: "GET", path: "/me"},
		{name: "middleware.KeyAuth without an Authorization header", method: "GET", path: "/keyed"},
		{name: "middleware.KeyAuth with a wrong key", method: "GET", path: "/keyed", headers: map[string]string{"Authorization": "Bearer wrong"}},
		{name: "warm-up", method: "GET", path: "/limited", warm: true},
		{name: "middleware.RateLimiter(NewRateLimiterMemoryStore(1)), second request within the second", method: "GET", path: "/limited"},
	})
}

func netHTTPCases() []ordered {
	mux := http.NewServeMux()
	mux.HandleFunc("/users", func(w http.ResponseWriter, r *http.Request) {
		var u User
		if err := json.NewDecoder(r.Body).Decode(&u); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if !strings.Contains(u.Email, "@") {
			http.Error(w, "invalid email address", http.StatusUnprocessableEntity)
			return
		}
		w.WriteHeader(204)
	})
	mux.HandleFunc("/upload", func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1024)
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		w.WriteHeader(204)
	})
	mux.Handle("/slow", http.TimeoutHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
	}), 50*time.Millisecond, ""))

	cr := chi.NewRouter()
	cr.Use(chimw.Recoverer)
	cr.Get("/items", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("[]")) })
	cr.Get("/crash", func(w http.ResponseWriter, r *http.Request) { panic("db connection refused") })
	cr.With(chimw.ThrottleWithOpts(chimw.ThrottleOpts{
		Limit:        1,
		RetryAfterFn: func(bool) time.Duration { return 30 * time.Second },
	})).Get("/busy", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(400 * time.Millisecond)
		w.Write([]byte("done"))
	})
	mux.Handle("/chi/", http.StripPrefix("/chi", cr))

	origin := fmt.Sprintf("ran go@%s here (net/http: http.ServeMux, http.Error)", strings.TrimPrefix(runtime.Version(), "go"))
	cases := run(mux, origin, []req{
		{name: "http.ServeMux unknown path (http.NotFound)", method: "GET", path: "/nope"},
		{name: "json.Decoder error sent with http.Error(w, err.Error(), 400)", method: "POST", path: "/users", headers: jsonHdr, body: `{"name": `},
		{name: "http.Error(w, \"invalid email address\", 422)", method: "POST", path: "/users", headers: jsonHdr, body: badUser},
		{name: "http.MaxBytesReader error sent with http.Error(w, err.Error(), 413)", method: "POST", path: "/upload", headers: map[string]string{"Content-Type": "application/octet-stream"}, body: strings.Repeat("x", 4096), hide: true},
		{name: "http.TimeoutHandler with the default message", method: "GET", path: "/slow"},
	})

	chiOrigin := fmt.Sprintf("ran chi@%s with go@%s here (chi.NewRouter() + middleware.Recoverer, mounted with http.StripPrefix)", debVersion("golang-github-go-chi-chi-dev"), strings.TrimPrefix(runtime.Version(), "go"))
	base, stop := serve(mux)
	defer stop()
	cases = append(cases,
		record(base, req{name: "chi: unknown route", method: "GET", path: "/chi/nope"}, chiOrigin),
		record(base, req{name: "chi: route exists for another method only", method: "POST", path: "/chi/items"}, chiOrigin),
		record(base, req{name: "chi: panic recovered by middleware.Recoverer", method: "GET", path: "/chi/crash"}, chiOrigin),
	)
	// Throttle: one request holds the only slot while the recorded one is turned away.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		res, err := http.Get(base + "/chi/busy")
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
	}()
	time.Sleep(100 * time.Millisecond)
	cases = append(cases, record(base, req{name: "chi: middleware.ThrottleWithOpts(Limit 1, RetryAfterFn 30s) while the slot is taken", method: "GET", path: "/chi/busy"}, chiOrigin))
	wg.Wait()
	return cases
}

func main() {
	write("gin", "Gin", ginCases())
	write("echo", "Echo", echoCases())
	write("go-net-http", "Go net/http (and chi)", netHTTPCases())
}
