// The gorilla/mux server capture-gorilla.py starts: `go run main.go PORT` (GOPATH mode with
// Debian's sources). The routes use mux's and gorilla/handlers' defaults for every error answer.
package main

import (
	"io"
	"log"
	"net/http"
	"os"

	"github.com/gorilla/handlers"
	"github.com/gorilla/mux"
)

func createUser(writer http.ResponseWriter, request *http.Request) {
	writer.Header().Set("Content-Type", "application/json")
	io.WriteString(writer, `{"ok":true}`)
}

func crash(writer http.ResponseWriter, request *http.Request) {
	panic("db connection refused")
}

func main() {
	router := mux.NewRouter()
	router.Handle("/users", handlers.ContentTypeHandler(http.HandlerFunc(createUser), "application/json")).Methods("POST")
	router.HandleFunc("/crash", crash).Methods("GET")
	router.Handle("/reports", handlers.MethodHandler{"GET": http.HandlerFunc(createUser)})
	// RecoveryHandler turns a panic into a 500; its log goes to a discarded logger
	quiet := log.New(io.Discard, "", 0)
	server := handlers.RecoveryHandler(handlers.RecoveryLogger(quiet))(router)
	log.Fatal(http.ListenAndServe("127.0.0.1:"+os.Args[1], server))
}
