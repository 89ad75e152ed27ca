// Command genheader generates, from the exports in capi/*.go:
//
//   - include/gohttp.h: the hand-written types of capi/gohttp_types.h,
//     then one declaration per export with its Go doc comment;
//   - capi/exports_gen.c: the exported C functions themselves. Each
//     gohttp_x is a small C function that refuses to run in a child
//     process (made by fork(), _Fork() or a raw clone(): the Go runtime
//     does not survive it, and merely entering it there can hang) and
//     otherwise calls the Go export gohttpgo_x. The check is
//     gohttp__is_forked (capi/helpers.h): one load from a page the kernel
//     wipes in every child. Only the gohttp_x functions leave the library.
//
// The C types come from the Go parameter types: C.size_t is size_t,
// *C.gohttp__cchar is const char *, unsafe.Pointer is void *, and so on.
//
// Usage: genheader -capi capi -header include/gohttp.h -wrappers capi/exports_gen.c
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// goPrefix names the Go exports; the public C names have "gohttp_".
const goPrefix = "gohttpgo_"

type param struct{ ctype, name string }

type export struct {
	name   string // public C name, gohttp_x
	doc    []string
	ret    string // C return type
	params []param
}

func main() {
	capiDir := flag.String("capi", "capi", "capi source folder")
	header := flag.String("header", "", "header to write")
	wrappers := flag.String("wrappers", "", "C wrappers to write")
	flag.Parse()
	if *header == "" || *wrappers == "" {
		fmt.Fprintln(os.Stderr, "usage: genheader -capi DIR -header FILE -wrappers FILE")
		os.Exit(2)
	}
	exports, err := readExports(*capiDir)
	if err == nil {
		err = writeHeader(*capiDir, *header, exports)
	}
	if err == nil {
		err = writeWrappers(*wrappers, exports)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genheader:", err)
		os.Exit(1)
	}
}

func readExports(dir string) ([]export, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	// capi.go first (library-wide functions), then the others by name.
	sort.Slice(files, func(i, j int) bool {
		ci, cj := filepath.Base(files[i]) == "capi.go", filepath.Base(files[j]) == "capi.go"
		if ci != cj {
			return ci
		}
		return files[i] < files[j]
	})
	fset := token.NewFileSet()
	var out []export
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Doc == nil || !isExport(fn) {
				continue
			}
			e, err := toExport(fn)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", fset.Position(fn.Pos()), err)
			}
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no //export functions in %s", dir)
	}
	return out, nil
}

func isExport(fn *ast.FuncDecl) bool {
	for _, c := range fn.Doc.List {
		if strings.HasPrefix(c.Text, "//export ") {
			return true
		}
	}
	return false
}

func toExport(fn *ast.FuncDecl) (export, error) {
	goName := fn.Name.Name
	if !strings.HasPrefix(goName, goPrefix) {
		return export{}, fmt.Errorf("export %s must be named %s...", goName, goPrefix)
	}
	e := export{name: "gohttp_" + strings.TrimPrefix(goName, goPrefix)}
	for _, c := range fn.Doc.List {
		t := c.Text
		if strings.HasPrefix(t, "//export ") {
			if strings.TrimSpace(strings.TrimPrefix(t, "//export ")) != goName {
				return e, fmt.Errorf("//export line does not name %s", goName)
			}
			continue
		}
		e.doc = append(e.doc, strings.TrimPrefix(strings.TrimPrefix(t, "//"), " "))
	}
	for len(e.doc) > 0 && e.doc[len(e.doc)-1] == "" {
		e.doc = e.doc[:len(e.doc)-1]
	}
	if len(e.doc) == 0 || !strings.HasPrefix(e.doc[0], e.name+" ") {
		return e, fmt.Errorf("the doc comment of %s must start with %q", goName, e.name+" ")
	}
	e.ret = "void"
	if fn.Type.Results != nil && len(fn.Type.Results.List) > 0 {
		if len(fn.Type.Results.List) > 1 || len(fn.Type.Results.List[0].Names) > 1 {
			return e, fmt.Errorf("%s returns more than one value", goName)
		}
		t, err := cType(fn.Type.Results.List[0].Type)
		if err != nil {
			return e, err
		}
		e.ret = t
	}
	for _, f := range fn.Type.Params.List {
		t, err := cType(f.Type)
		if err != nil {
			return e, err
		}
		for _, n := range f.Names {
			e.params = append(e.params, param{t, n.Name})
		}
	}
	return e, nil
}

// cType spells a cgo parameter type in C.
func cType(x ast.Expr) (string, error) {
	stars := 0
	for {
		s, ok := x.(*ast.StarExpr)
		if !ok {
			break
		}
		stars++
		x = s.X
	}
	sel, ok := x.(*ast.SelectorExpr)
	if !ok {
		return "", fmt.Errorf("type %T is not a C type", x)
	}
	pkg, _ := sel.X.(*ast.Ident)
	var base string
	switch {
	case pkg != nil && pkg.Name == "unsafe" && sel.Sel.Name == "Pointer":
		base, stars = "void", stars+1
	case pkg != nil && pkg.Name == "C":
		base = sel.Sel.Name
		switch base {
		case "gohttp__cchar":
			base = "const char"
		case "gohttp__cheader":
			base = "const gohttp_header"
		case "gohttp__csize":
			base = "const size_t"
		}
	default:
		return "", fmt.Errorf("type %s.%s is not a C type", pkg, sel.Sel.Name)
	}
	if stars == 0 {
		return base, nil
	}
	return base + " " + strings.Repeat("*", stars), nil
}

func decl(t, name string) string {
	if strings.HasSuffix(t, "*") {
		return t + name
	}
	return t + " " + name
}

func (e export) prototype(name string) string {
	if len(e.params) == 0 {
		return decl(e.ret, name) + "(void)"
	}
	ps := make([]string, len(e.params))
	for i, p := range e.params {
		ps[i] = decl(p.ctype, p.name)
	}
	return decl(e.ret, name) + "(" + strings.Join(ps, ", ") + ")"
}

func writeHeader(capiDir, path string, exports []export) error {
	types, err := os.ReadFile(filepath.Join(capiDir, "gohttp_types.h"))
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString("/* Generated by build.sh from capi/ (gohttp_types.h and the exports'\n * doc comments). Do not edit: change capi/ and run `make header`. */\n")
	b.WriteString("#ifndef GOHTTP_H\n#define GOHTTP_H\n\n")
	b.Write(types)
	b.WriteString("\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n")
	for _, e := range exports {
		b.WriteString("\n/* ")
		for i, l := range e.doc {
			if i > 0 {
				b.WriteString("\n *")
				if l != "" {
					b.WriteString(" ")
				}
			}
			b.WriteString(l)
		}
		b.WriteString(" */\n")
		b.WriteString(e.prototype(e.name) + ";\n")
	}
	b.WriteString("\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* GOHTTP_H */\n")
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// forkedResult is what a function returns, without entering Go, in a
// child process after fork().
func forkedResult(e export) string {
	switch {
	case e.name == "gohttp_version":
		return "GOHTTP_VERSION"
	case e.name == "gohttp_version_number":
		return "GOHTTP_VERSION_MAJOR * 10000 + GOHTTP_VERSION_MINOR * 100 + GOHTTP_VERSION_PATCH"
	case e.name == "gohttp_status_phrase":
		return "NULL"
	case e.ret == "const char *":
		return `"gohttp: the library cannot be used in a child process after fork()"`
	case e.ret == "int":
		return "GOHTTP_E_FORKED"
	case e.ret == "int64_t":
		return "-1"
	}
	return ""
}

func writeWrappers(path string, exports []export) error {
	var b bytes.Buffer
	b.WriteString(`/* Generated by internal/genheader from capi/*.go. Do not edit: change
 * capi/ and run ` + "`make header`" + `.
 *
 * The library's exported functions. Each refuses to run in a child
 * process -- made by fork(), _Fork() or clone(): the Go runtime does not
 * survive it, and merely entering it there can hang -- and otherwise
 * calls its Go implementation. The check (gohttp__is_forked, helpers.h)
 * is one load from a page the kernel wipes in every child. */
#include <stddef.h>
#include "helpers.h"
`)
	for _, e := range exports {
		res := forkedResult(e)
		if res == "" && e.ret != "void" {
			return fmt.Errorf("%s: no fork result for return type %s", e.name, e.ret)
		}
		goName := goPrefix + strings.TrimPrefix(e.name, "gohttp_")
		args := make([]string, len(e.params))
		for i, p := range e.params {
			args[i] = p.name
		}
		fmt.Fprintf(&b, "\nextern %s;\n%s {\n", e.prototype(goName), e.prototype(e.name))
		if e.ret == "void" {
			fmt.Fprintf(&b, "\tif (gohttp__is_forked())\n\t\treturn;\n\t%s(%s);\n}\n", goName, strings.Join(args, ", "))
		} else {
			fmt.Fprintf(&b, "\tif (gohttp__is_forked())\n\t\treturn %s;\n\treturn %s(%s);\n}\n", res, goName, strings.Join(args, ", "))
		}
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}
