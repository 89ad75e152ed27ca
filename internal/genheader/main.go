// Command genheader generates, from the exports in capi/*.go:
//
//   - include/gohttp.h: the hand-written top of capi/gohttp_types.h (the
//     ABI rules, the threads contract), then each section of it (marked
//     "//@section NAME Title" there: its opening paragraph, types and
//     constants) followed by the declarations of the exports of that
//     section ("//gohttp:section NAME" in their doc comments), each with
//     its doc comment and its pointer parameters' direction marks;
//   - include/gohttp.cdef.h: the same declarations without any
//     preprocessor line, comment or direction mark, the constants as
//     enums, for cffi's and LuaJIT's ffi.cdef();
//   - include/gohttp.json: every function with its parameters (C type,
//     direction, the length that belongs to each pointer, nullable),
//     return type, ownership, the codes it returns; the constants, the
//     callbacks and the structs' layouts;
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
// Directives in an export's doc comment (not copied to the header):
// "//gohttp:section NAME", "//gohttp:nullable P...", "//gohttp:dir P=inout".
//
// Usage: genheader -capi capi -header H -cdef CDEF -json JSON -wrappers capi/exports_gen.c
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// goPrefix names the Go exports; the public C names have "gohttp_".
const goPrefix = "gohttpgo_"

type param struct {
	ctype, name string
	dir         string // "in", "out", "inout" or "" (handles, user, values)
	nullable    bool
}

type export struct {
	name     string // public C name, gohttp_x
	doc      []string
	ret      string // C return type
	params   []param
	section  string
	nullable map[string]bool
	dirs     map[string]string
}

func main() {
	capiDir := flag.String("capi", "capi", "capi source folder")
	header := flag.String("header", "", "header to write")
	cdef := flag.String("cdef", "", "cdef header to write")
	jsonOut := flag.String("json", "", "JSON description to write")
	wrappers := flag.String("wrappers", "", "C wrappers to write")
	flag.Parse()
	if *header == "" || *wrappers == "" || *cdef == "" || *jsonOut == "" {
		fmt.Fprintln(os.Stderr, "usage: genheader -capi DIR -header FILE -cdef FILE -json FILE -wrappers FILE")
		os.Exit(2)
	}
	exports, err := readExports(*capiDir)
	var types []byte
	if err == nil {
		types, err = os.ReadFile(filepath.Join(*capiDir, "gohttp_types.h"))
	}
	var h string
	if err == nil {
		h, err = headerText(string(types), exports)
	}
	if err == nil {
		err = os.WriteFile(*header, []byte(h), 0o644)
	}
	if err == nil {
		err = os.WriteFile(*cdef, []byte(cdefText(h)), 0o644)
	}
	if err == nil {
		err = writeJSON(*jsonOut, string(types), exports)
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
	sort.Strings(files)
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
	e := export{name: "gohttp_" + strings.TrimPrefix(goName, goPrefix), nullable: map[string]bool{}, dirs: map[string]string{}}
	for _, c := range fn.Doc.List {
		t := c.Text
		switch {
		case strings.HasPrefix(t, "//export "):
			if strings.TrimSpace(strings.TrimPrefix(t, "//export ")) != goName {
				return e, fmt.Errorf("//export line does not name %s", goName)
			}
			continue
		case strings.HasPrefix(t, "//gohttp:section "):
			e.section = strings.TrimSpace(strings.TrimPrefix(t, "//gohttp:section "))
			continue
		case strings.HasPrefix(t, "//gohttp:nullable "):
			for _, p := range strings.Fields(strings.TrimPrefix(t, "//gohttp:nullable ")) {
				e.nullable[p] = true
			}
			continue
		case strings.HasPrefix(t, "//gohttp:dir "):
			for _, kv := range strings.Fields(strings.TrimPrefix(t, "//gohttp:dir ")) {
				k, v, _ := strings.Cut(kv, "=")
				e.dirs[k] = v
			}
			continue
		case strings.HasPrefix(t, "//gohttp:"):
			return e, fmt.Errorf("unknown directive %q", t)
		}
		e.doc = append(e.doc, strings.TrimPrefix(strings.TrimPrefix(t, "//"), " "))
	}
	for len(e.doc) > 0 && e.doc[len(e.doc)-1] == "" {
		e.doc = e.doc[:len(e.doc)-1]
	}
	if len(e.doc) == 0 || !strings.HasPrefix(e.doc[0], e.name+" ") {
		return e, fmt.Errorf("the doc comment of %s must start with %q", goName, e.name+" ")
	}
	if e.section == "" {
		return e, fmt.Errorf("%s has no //gohttp:section line", goName)
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
			p := param{ctype: t, name: n.Name, dir: direction(t, n.Name), nullable: e.nullable[n.Name]}
			if d, ok := e.dirs[n.Name]; ok {
				p.dir = d
			}
			e.params = append(e.params, p)
		}
	}
	for k := range e.nullable {
		if e.param(k) == nil {
			return e, fmt.Errorf("%s: nullable names no parameter %q", goName, k)
		}
	}
	for k := range e.dirs {
		if e.param(k) == nil {
			return e, fmt.Errorf("%s: dir names no parameter %q", goName, k)
		}
	}
	return e, nil
}

func (e export) param(name string) *param {
	for i := range e.params {
		if e.params[i].name == name {
			return &e.params[i]
		}
	}
	return nil
}

// direction infers a pointer parameter's direction (rule 7): const
// pointers are read, other pointers written; handles, the callbacks'
// user pointer and function pointers carry none.
func direction(t, name string) string {
	switch {
	case !strings.HasSuffix(t, "*"):
		return ""
	case t == "gohttp_conn *" || t == "gohttp_resp *":
		return ""
	case name == "user":
		return ""
	case strings.HasSuffix(t, "**"):
		return "out"
	case strings.HasPrefix(t, "const "):
		return "in"
	}
	return "out"
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
		case "gohttp__cvoid":
			base = "const void"
		case "gohttp__cheader":
			base = "const gohttp_header"
		case "gohttp__cint64":
			base = "const int64_t"
		case "gohttp__cstrp":
			base = "const char *const"
		case "gohttp__ctransport":
			base = "const gohttp_transport"
		default:
			if strings.HasPrefix(base, "struct_") {
				base = "struct " + strings.TrimPrefix(base, "struct_")
			}
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

var dirMark = map[string]string{"in": "GOHTTP_IN ", "out": "GOHTTP_OUT ", "inout": "GOHTTP_INOUT "}

// prototype spells the declaration; marks adds the direction marks.
func (e export) prototype(name string, marks bool) string {
	if len(e.params) == 0 {
		return decl(e.ret, name) + "(void)"
	}
	ps := make([]string, len(e.params))
	for i, p := range e.params {
		ps[i] = decl(p.ctype, p.name)
		if marks {
			ps[i] = dirMark[p.dir] + ps[i]
		}
	}
	return decl(e.ret, name) + "(" + strings.Join(ps, ", ") + ")"
}

var sectionRe = regexp.MustCompile(`^//@section (\w+) (.+)$`)

type section struct{ name, title, text string }

// splitTypes cuts gohttp_types.h into its top, its sections and its end.
func splitTypes(types string) (top string, secs []section, end string, err error) {
	lines := strings.SplitAfter(types, "\n")
	cur := -1
	var b strings.Builder
	flush := func() {
		if cur < 0 {
			top = b.String()
		} else {
			secs[cur].text = b.String()
		}
		b.Reset()
	}
	ended := false
	for _, l := range lines {
		t := strings.TrimRight(l, "\n")
		if m := sectionRe.FindStringSubmatch(t); m != nil && !ended {
			flush()
			secs = append(secs, section{name: m[1], title: m[2]})
			cur = len(secs) - 1
			continue
		}
		if t == "//@end" && !ended {
			flush()
			ended = true
			continue
		}
		b.WriteString(l)
	}
	if !ended {
		return "", nil, "", fmt.Errorf("gohttp_types.h has no //@end line")
	}
	end = b.String()
	return top, secs, end, nil
}

func headerText(types string, exports []export) (string, error) {
	top, secs, end, err := splitTypes(types)
	if err != nil {
		return "", err
	}
	known := map[string]bool{}
	for _, s := range secs {
		known[s.name] = true
	}
	for _, e := range exports {
		if !known[e.section] {
			return "", fmt.Errorf("%s: unknown section %q", e.name, e.section)
		}
	}
	var b strings.Builder
	b.WriteString("/* Generated by internal/genheader from capi/ (gohttp_types.h and the\n * exports' doc comments). Do not edit: change capi/ and run `make header`. */\n")
	b.WriteString("#ifndef GOHTTP_H\n#define GOHTTP_H\n\n")
	b.WriteString(top)
	b.WriteString("#ifdef __cplusplus\nextern \"C\" {\n#endif\n")
	for _, s := range secs {
		rule := strings.Repeat("=", 72-len(s.title)-4)
		fmt.Fprintf(&b, "\n/* %s %s */\n", s.title, rule)
		b.WriteString(s.text)
		for _, e := range exports {
			if e.section != s.name {
				continue
			}
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
			b.WriteString(e.prototype(e.name, true) + ";\n")
		}
	}
	b.WriteString("\n#ifdef __cplusplus\n}\n#endif\n")
	b.WriteString(strings.Replace(end, "#endif /* GOHTTP_TYPES_H */", "#endif /* GOHTTP_H */", 1))
	out := b.String()
	// The types' own include guard is the header's.
	out = strings.Replace(out, "#ifndef GOHTTP_TYPES_H\n#define GOHTTP_TYPES_H\n\n", "", 1)
	return out, nil
}

var (
	blockComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	lineComment  = regexp.MustCompile(`//[^\n]*`)
	defineRe     = regexp.MustCompile(`^#define (GOHTTP_\w+)\s+\(?(-?(?:0x[0-9a-fA-F]+|\d+))\)?\s*$`)
)

// cdefText is the header as ffi.cdef() of cffi and LuaJIT takes it: no
// preprocessor line and no comment, the integer macros as one enum, the
// direction marks removed.
func cdefText(h string) string {
	h = blockComment.ReplaceAllString(h, "")
	h = lineComment.ReplaceAllString(h, "")
	var consts, decls []string
	for _, l := range strings.Split(h, "\n") {
		t := strings.TrimRight(l, " \t")
		if strings.HasPrefix(strings.TrimSpace(t), "#") {
			if m := defineRe.FindStringSubmatch(strings.TrimSpace(t)); m != nil {
				consts = append(consts, fmt.Sprintf("    %s = %s", m[1], m[2]))
			}
			continue
		}
		if t == `extern "C" {` || t == "}" {
			continue
		}
		for _, m := range []string{"GOHTTP_INOUT ", "GOHTTP_IN ", "GOHTTP_OUT "} {
			t = strings.ReplaceAll(t, m, "")
		}
		if t == "" && (len(decls) == 0 || decls[len(decls)-1] == "") {
			continue
		}
		decls = append(decls, t)
	}
	var b strings.Builder
	b.WriteString("/* gohttp C ABI 1.0 for ffi.cdef() (cffi, LuaJIT): generated by\n * internal/genheader from the same source as gohttp.h; do not edit. */\n")
	b.WriteString("enum {\n" + strings.Join(consts, ",\n") + "\n};\n\n")
	b.WriteString(strings.TrimSpace(strings.Join(decls, "\n")) + "\n")
	return b.String()
}

// JSON description.

type jParam struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	Direction string `json:"direction,omitempty"`
	Nullable  bool   `json:"nullable,omitempty"`
	Length    string `json:"length,omitempty"`     // the parameter giving this pointer's length or capacity
	Count     string `json:"count,omitempty"`      // the out parameter receiving the count written
	LengthsOf string `json:"lengths_of,omitempty"` // this array holds the lengths of another
	LengthOf  string `json:"length_of,omitempty"`  // this integer is the length of another
	Kind      string `json:"kind,omitempty"`       // handle, user, callback, text, data, buffer, count, struct
}

type jFunc struct {
	Name      string   `json:"name"`
	Section   string   `json:"section"`
	Returns   string   `json:"returns"`
	Params    []jParam `json:"params"`
	Codes     []string `json:"codes,omitempty"`
	Ownership string   `json:"ownership,omitempty"`
	Doc       string   `json:"doc"`
}

type jConst struct {
	Name    string `json:"name"`
	Value   int64  `json:"value"`
	Group   string `json:"group"`
	Section string `json:"section"`
	Comment string `json:"comment,omitempty"`
}

type jField struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Offset   int    `json:"offset"`
	Size     int    `json:"size"`
	Length   string `json:"length,omitempty"`    // the field holding this pointer's length
	LengthOf string `json:"length_of,omitempty"` // the pointer field this length belongs to
	Comment  string `json:"comment,omitempty"`
}

type jStruct struct {
	Name     string   `json:"name"`
	Size     int      `json:"size"`
	Align    int      `json:"align"`
	Growable bool     `json:"growable"`
	Fields   []jField `json:"fields"`
}

type jCallback struct {
	Name    string   `json:"name"`
	Returns string   `json:"returns"`
	Params  []jParam `json:"params"`
}

type jDoc struct {
	ABI       string      `json:"abi"`
	Version   string      `json:"version"`
	Soname    string      `json:"soname"`
	Platform  string      `json:"platform"`
	Sections  []string    `json:"sections"`
	Functions []jFunc     `json:"functions"`
	Constants []jConst    `json:"constants"`
	Structs   []jStruct   `json:"structs"`
	Callbacks []jCallback `json:"callbacks"`
	Opaque    []string    `json:"opaque_types"`
}

var (
	codeRe     = regexp.MustCompile(`GOHTTP_(?:E_[A-Z_]+|OK|NOTFOUND)\b`)
	constRe    = regexp.MustCompile(`^#define (GOHTTP_\w+)\s+\(?(-?(?:0x[0-9a-fA-F]+|\d+))\)?\s*(?:/\*\s*(.*?)\s*\*/)?\s*$`)
	structRe   = regexp.MustCompile(`(?s)(?:typedef )?struct (\w+) \{(.*?)\} ?(\w*);`)
	callbackRe = regexp.MustCompile(`typedef ([\w ]+?\*?)\s*\(\*(\w+)\)\(([^)]*)\);`)
	opaqueRe   = regexp.MustCompile(`typedef struct (\w+) (\w+);`)
)

// paragraph returns the doc's paragraph that starts with label.
func paragraph(doc []string, label string) string {
	var out []string
	in := false
	for _, l := range doc {
		if strings.HasPrefix(l, label) {
			in = true
			l = strings.TrimSpace(strings.TrimPrefix(l, label))
		} else if l == "" {
			in = false
		}
		if in {
			out = append(out, l)
		}
	}
	return strings.TrimSpace(strings.Join(out, " "))
}

// lengthLinks fills in which parameter is the length, capacity or count
// of which pointer, from the naming rules of the ABI: X_len and len (of
// the pointer before), cap and X_cap, n and X_n, nX (array counts),
// value_lens.
func lengthLinks(ps []jParam) {
	idx := map[string]int{}
	for i, p := range ps {
		idx[p.Name] = i
	}
	link := func(ptr, length string) {
		if i, ok := idx[ptr]; ok {
			ps[i].Length = length
			ps[idx[length]].LengthOf = ptr
		}
	}
	for i, p := range ps {
		switch {
		case strings.HasSuffix(p.Name, "_len"):
			link(strings.TrimSuffix(p.Name, "_len"), p.Name)
		case p.Name == "len" || p.Name == "cap":
			if i > 0 {
				link(ps[i-1].Name, p.Name)
			}
		case strings.HasSuffix(p.Name, "_cap"):
			link(strings.TrimSuffix(p.Name, "_cap"), p.Name)
		case p.Name == "n" && i > 1:
			ps[i-2].Count = p.Name
			ps[i].Kind = "count"
		case strings.HasSuffix(p.Name, "_n"):
			if j, ok := idx[strings.TrimSuffix(p.Name, "_n")]; ok {
				ps[j].Count = p.Name
				ps[i].Kind = "count"
			}
		case p.Name == "value_lens":
			ps[i].LengthsOf = "values"
		case strings.HasPrefix(p.Name, "n") && len(p.Name) > 1:
			link(p.Name[1:], p.Name)
		}
	}
}

func kind(p param) string {
	switch {
	case p.ctype == "gohttp_conn *" || p.ctype == "gohttp_resp *":
		return "handle"
	case p.name == "user":
		return "user"
	case strings.HasSuffix(p.ctype, "_fn"):
		return "callback"
	case p.ctype == "const char *":
		return "text"
	case p.ctype == "const void *":
		return "data"
	case p.ctype == "void *":
		return "buffer"
	case strings.HasPrefix(strings.TrimPrefix(strings.TrimPrefix(p.ctype, "const "), "struct "), "gohttp_") && strings.HasSuffix(p.ctype, " *"):
		return "struct"
	}
	return ""
}

func ctypeSize(t string) int {
	switch {
	case strings.HasSuffix(t, "*") || strings.HasSuffix(t, "_fn") || t == "int64_t" || t == "double":
		return 8
	case t == "int":
		return 4
	}
	return 0
}

func writeJSON(path, types string, exports []export) error {
	top, secs, _, err := splitTypes(types)
	if err != nil {
		return err
	}
	version := regexp.MustCompile(`#define GOHTTP_VERSION "([^"]+)"`).FindStringSubmatch(types)
	abi := regexp.MustCompile(`#define GOHTTP_ABI (\d+)`).FindStringSubmatch(types)
	if version == nil || abi == nil {
		return fmt.Errorf("gohttp_types.h: no GOHTTP_VERSION or GOHTTP_ABI")
	}
	d := jDoc{ABI: "1.0", Version: version[1], Soname: "libgohttp.so." + abi[1], Platform: "linux-x86_64 (LP64)"}
	parts := append([]section{{name: "top", text: top}}, secs...)
	for _, s := range secs {
		d.Sections = append(d.Sections, s.name)
	}
	for _, s := range parts {
		for _, l := range strings.Split(s.text, "\n") {
			m := constRe.FindStringSubmatch(strings.TrimSpace(l))
			if m == nil {
				continue
			}
			v, err := strconv.ParseInt(m[2], 0, 64)
			if err != nil {
				return err
			}
			group := "GOHTTP"
			for _, g := range []string{"GOHTTP_OPT_", "GOHTTP_E_", "GOHTTP_STATE_", "GOHTTP_CONN_", "GOHTTP_RESP_", "GOHTTP_FILE_", "GOHTTP_VERSION_", "GOHTTP_WANT_"} {
				if strings.HasPrefix(m[1], g) {
					group = strings.TrimSuffix(g, "_")
				}
			}
			switch m[1] {
			case "GOHTTP_OK", "GOHTTP_NOTFOUND":
				group = "GOHTTP_E"
			case "GOHTTP_SKIP_HOST", "GOHTTP_SKIP_ACCEPT_ENCODING", "GOHTTP_ENCODE_CHUNKED":
				group = "request_flags"
			}
			d.Constants = append(d.Constants, jConst{Name: m[1], Value: v, Group: group, Section: s.name, Comment: m[3]})
		}
		for _, m := range opaqueRe.FindAllStringSubmatch(s.text, -1) {
			d.Opaque = append(d.Opaque, m[2])
		}
		for _, m := range structRe.FindAllStringSubmatch(s.text, -1) {
			name := m[3]
			if name == "" {
				name = "struct " + m[1]
			}
			st := jStruct{Name: name, Align: 1}
			off := 0
			body := blockComment.ReplaceAllStringFunc(m[2], func(c string) string { return strings.ReplaceAll(c, ";", ",") })
			for _, f := range strings.Split(body, ";") {
				// A comment before the declaration belongs to the field before.
				for _, c := range blockComment.FindAllString(f, -1) {
					pos := strings.Index(f, c)
					if strings.TrimSpace(blockComment.ReplaceAllString(f[:pos], "")) == "" && len(st.Fields) > 0 {
						last := &st.Fields[len(st.Fields)-1]
						last.Comment = strings.TrimSpace(last.Comment + " " + strings.Join(strings.Fields(strings.TrimSuffix(strings.TrimPrefix(c, "/*"), "*/")), " "))
					}
				}
				f = strings.TrimSpace(blockComment.ReplaceAllString(f, ""))
				if f == "" {
					continue
				}
				i := strings.LastIndexAny(f, " *")
				ft, fn := strings.TrimSpace(f[:i+1]), f[i+1:]
				if strings.HasSuffix(ft, "*") {
					ft = strings.TrimSpace(strings.TrimSuffix(ft, "*")) + " *"
				}
				sz := ctypeSize(ft)
				if sz == 0 {
					return fmt.Errorf("struct %s: unknown size of %q", st.Name, ft)
				}
				off = (off + sz - 1) / sz * sz
				st.Fields = append(st.Fields, jField{Name: fn, Type: ft, Offset: off, Size: sz})
				off += sz
				st.Align = max(st.Align, sz)
			}
			// A pointer field X followed by X_len (gohttp_error's arg,
			// partial) is data of that length, not NUL-terminated text.
			for i := range st.Fields {
				f := &st.Fields[i]
				if !strings.HasSuffix(f.Type, "*") {
					continue
				}
				for j := range st.Fields {
					if st.Fields[j].Name == f.Name+"_len" {
						f.Length, st.Fields[j].LengthOf = st.Fields[j].Name, f.Name
					}
				}
			}
			st.Size = (off + st.Align - 1) / st.Align * st.Align
			st.Growable = len(st.Fields) > 0 && st.Fields[0].Name == "size" && st.Fields[0].Type == "int64_t"
			d.Structs = append(d.Structs, st)
		}
		for _, m := range callbackRe.FindAllStringSubmatch(s.text, -1) {
			cb := jCallback{Name: m[2], Returns: strings.TrimSpace(m[1])}
			for _, a := range strings.Split(m[3], ",") {
				a = strings.TrimSpace(a)
				i := strings.LastIndexAny(a, " *")
				t := strings.TrimSpace(a[:i+1])
				if strings.HasSuffix(t, "*") {
					t = strings.TrimSpace(strings.TrimSuffix(t, "*")) + " *"
					t = strings.Replace(t, "* *", "**", 1)
				}
				p := param{ctype: t, name: a[i+1:]}
				cb.Params = append(cb.Params, jParam{Name: p.name, Type: t, Direction: direction(t, p.name), Kind: kind(p)})
			}
			lengthLinks(cb.Params)
			d.Callbacks = append(d.Callbacks, cb)
		}
	}
	for _, e := range exports {
		f := jFunc{Name: e.name, Section: e.section, Returns: e.ret, Params: []jParam{}}
		for _, p := range e.params {
			f.Params = append(f.Params, jParam{Name: p.name, Type: p.ctype, Direction: p.dir, Nullable: p.nullable, Kind: kind(p)})
		}
		lengthLinks(f.Params)
		seen := map[string]bool{}
		for _, c := range codeRe.FindAllString(paragraph(e.doc, "Returns:"), -1) {
			if !seen[c] {
				seen[c] = true
				f.Codes = append(f.Codes, c)
			}
		}
		if e.ret == "int" && !seen["GOHTTP_E_FORKED"] {
			f.Codes = append(f.Codes, "GOHTTP_E_FORKED")
		}
		f.Ownership = paragraph(e.doc, "Ownership:")
		f.Doc = strings.Join(e.doc, "\n")
		d.Functions = append(d.Functions, f)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return err
	}
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
	case e.name == "gohttp_status_phrase" || e.name == "gohttp_errname":
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
		fmt.Fprintf(&b, "\nextern %s;\n%s {\n", e.prototype(goName, false), e.prototype(e.name, false))
		if e.ret == "void" {
			fmt.Fprintf(&b, "\tif (gohttp__is_forked())\n\t\treturn;\n\t%s(%s);\n}\n", goName, strings.Join(args, ", "))
		} else {
			fmt.Fprintf(&b, "\tif (gohttp__is_forked())\n\t\treturn %s;\n\treturn %s(%s);\n}\n", res, goName, strings.Join(args, ", "))
		}
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}
