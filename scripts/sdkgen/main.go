// Command sdkgen generates the Python and Go SDKs of the chatmaid provider
// from its package schema with Pulumi's own code generators (the
// github.com/pulumi/pulumi/pkg/v3/codegen packages the language hosts call
// for `pulumi package gen-sdk`), pinned to the same release as the CLI that
// scripts/pulumi-toolchain.sh builds. The schema is bound and validated by
// Pulumi's binder first; any diagnostic fails the run.
//
// Usage: go run . -schema <schema.json> -out <folder> [-language python,go]
//
// The Go proxy does not serve the current Python and Go language hosts, whose
// GeneratePackage would make the same calls; see scripts/pulumi-toolchain.sh.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// noDependencies is the loader for a schema that references no other package:
// any request for one is an error that names it.
type noDependencies struct{}

func (noDependencies) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the chatmaid schema references package %q; it should reference none", pkg)
}

func (noDependencies) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("the chatmaid schema references package %q; it should reference none", d.Name)
}

func (noDependencies) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the chatmaid schema references package %q; it should reference none", pkg)
}

func (noDependencies) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the chatmaid schema references package %q; it should reference none", d.Name)
}

// generators by language name, as `pulumi package gen-sdk --language` names them.
var generators = map[string]func(pkg *schema.Package) (map[string][]byte, error){
	"python": func(pkg *schema.Package) (map[string][]byte, error) {
		return python.GeneratePackage("pulumi-language-python", pkg, nil, noDependencies{})
	},
	"go": func(pkg *schema.Package) (map[string][]byte, error) {
		return gogen.GeneratePackage("pulumi-language-go", pkg, nil)
	},
}

func main() {
	schemaPath := flag.String("schema", "", "the package schema (schema.json)")
	out := flag.String("out", "", "the folder to write <language>/ folders into")
	languages := flag.String("language", "python,go", "comma-separated languages")
	flag.Parse()
	if err := run(*schemaPath, *out, strings.Split(*languages, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
}

func run(schemaPath, out string, languages []string) error {
	if schemaPath == "" || out == "" {
		return errors.New("usage: sdkgen -schema schema.json -out folder [-language python,go]")
	}
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s is not a package schema: %w", schemaPath, err)
	}
	for _, language := range languages {
		generate, ok := generators[language]
		if !ok {
			return fmt.Errorf("no generator for language %q (have python, go)", language)
		}
		// Each generator decodes its language section into the bound package, so each gets its own.
		pkg, diags, err := schema.BindSpec(spec, noDependencies{}, schema.ValidationOptions{})
		if err != nil {
			return err
		}
		if len(diags) > 0 {
			return fmt.Errorf("%s does not bind: %s", schemaPath, diags.Error())
		}
		files, err := generate(pkg)
		if err != nil {
			return fmt.Errorf("generating %s: %w", language, err)
		}
		dir := filepath.Join(out, language)
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		names := make([]string, 0, len(files))
		for name := range files {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			path := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(path, files[name], 0o644); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "sdkgen: %s: %d files in %s\n", language, len(names), dir)
	}
	return nil
}
