// Command oracle is mesh's test-only judge, built from the pinned Istio release:
//
//	oracle serve      JSON lines on stdin, one answer per line on stdout (see request)
//	oracle generate   [-f file]... [--set path=value]...  istioctl's whole render, as JSON
//	oracle inject     --mesh F --injector F --pod F [--revision R]  Istio's sidecar injector
//
// "render" runs Helm's engine exactly as operator/pkg/helm does (release "istio", Istio's
// capabilities) and answers {template file → text}; "generate" calls render.GenerateManifest;
// "inject" runs pkg/kube/inject on a pod with the given ConfigMaps' contents.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"

	"helm.sh/helm/v4/pkg/chart/common"
	commonutil "helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/loader/archive"
	chartv2 "helm.sh/helm/v4/pkg/chart/v2"
	loaderv2 "helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/engine"
	"sigs.k8s.io/yaml"

	"istio.io/istio/istioctl/pkg/install/k8sversion"
	"istio.io/istio/manifests"
	"istio.io/istio/operator/pkg/component"
	"istio.io/istio/operator/pkg/render"
	"istio.io/istio/pkg/config/mesh"
	"istio.io/istio/pkg/kube/inject"
)

type request struct {
	Op        string         `json:"op"`
	Chart     string         `json:"chart,omitempty"`     // render: directory under charts/
	Namespace string         `json:"namespace,omitempty"` // render
	Values    map[string]any `json:"values,omitempty"`    // render: the spec.values view
	Template  string         `json:"template,omitempty"`  // template: one template text
	Files     []string       `json:"files,omitempty"`     // generate: IstioOperator files
	Set       []string       `json:"set,omitempty"`       // generate: --set flags
	Mesh      string         `json:"mesh,omitempty"`      // inject: the istio ConfigMap's "mesh"
	Config    string         `json:"config,omitempty"`    // inject: istio-sidecar-injector "config"
	InjValues string         `json:"injValues,omitempty"` // inject: istio-sidecar-injector "values"
	Pod       string         `json:"pod,omitempty"`       // inject: the workload YAML
	Revision  string         `json:"revision,omitempty"`  // inject
}

type answer struct {
	Files      map[string]string `json:"files,omitempty"`
	Components []componentOut    `json:"components,omitempty"`
	Warnings   []string          `json:"warnings,omitempty"` // generate: what istioctl logs as warnings
	Output     *string           `json:"output,omitempty"`
	Error      string            `json:"error,omitempty"`
}

type componentOut struct {
	Name    string           `json:"name"`
	Objects []map[string]any `json:"objects"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: oracle serve|generate|inject ...")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "serve":
		serve(os.Stdin, os.Stdout)
	case "generate":
		req := request{Op: "generate"}
		args := os.Args[2:]
		for i := 0; i < len(args); i++ {
			switch args[i] {
			case "-f", "--filename":
				i++
				req.Files = append(req.Files, args[i])
			case "-s", "--set":
				i++
				req.Set = append(req.Set, args[i])
			default:
				fmt.Fprintln(os.Stderr, "unknown argument", args[i])
				os.Exit(2)
			}
		}
		printAnswer(handle(req))
	case "inject":
		req := request{Op: "inject"}
		args := os.Args[2:]
		for i := 0; i+1 < len(args); i += 2 {
			data := ""
			if args[i] != "--revision" {
				b, err := os.ReadFile(args[i+1])
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				data = string(b)
			}
			switch args[i] {
			case "--mesh":
				req.Mesh = data
			case "--config":
				req.Config = data
			case "--values":
				req.InjValues = data
			case "--pod":
				req.Pod = data
			case "--revision":
				req.Revision = args[i+1]
			}
		}
		printAnswer(handle(req))
	default:
		fmt.Fprintln(os.Stderr, "unknown command", os.Args[1])
		os.Exit(2)
	}
}

func printAnswer(a answer) {
	b, _ := json.Marshal(a)
	os.Stdout.Write(append(b, '\n'))
	if a.Error != "" {
		os.Exit(1)
	}
}

func serve(in io.Reader, out io.Writer) {
	scanner := bufio.NewScanner(in)
	scanner.Buffer(make([]byte, 1<<20), 64<<20)
	w := bufio.NewWriter(out)
	for scanner.Scan() {
		var req request
		var a answer
		if err := json.Unmarshal(scanner.Bytes(), &req); err != nil {
			a = answer{Error: "bad request: " + err.Error()}
		} else {
			a = handle(req)
		}
		b, _ := json.Marshal(a)
		w.Write(append(b, '\n'))
		w.Flush()
	}
}

func handle(req request) (a answer) {
	defer func() {
		if r := recover(); r != nil {
			a = answer{Error: fmt.Sprintf("panic: %v", r)}
		}
	}()
	var err error
	switch req.Op {
	case "render":
		a.Files, err = renderChart(req.Chart, req.Namespace, req.Values, "")
	case "template":
		a.Files, err = renderChart("", req.Namespace, req.Values, req.Template)
	case "generate":
		a.Components, a.Warnings, err = generate(req.Files, req.Set)
	case "inject":
		var s string
		s, err = injectPod(req)
		a.Output = &s
	default:
		err = fmt.Errorf("unknown op %q", req.Op)
	}
	if err != nil {
		return answer{Error: err.Error()}
	}
	return a
}

// renderChart mirrors operator/pkg/helm.renderChart up to engine.Render. With template set,
// it renders that one text as templates/t.yaml of a minimal chart instead.
func renderChart(dir, namespace string, vals map[string]any, template string) (map[string]string, error) {
	var chrt *chartv2.Chart
	var err error
	if template != "" {
		chrt, err = loaderv2.LoadFiles([]*archive.BufferedFile{
			{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: t\nversion: 0.1.0\n")},
			{Name: "templates/t.yaml", Data: []byte(template)},
		})
	} else {
		chrt, err = loadChart(manifests.FS, "charts/"+dir)
	}
	if err != nil {
		return nil, fmt.Errorf("load chart: %v", err)
	}
	if namespace == "" {
		namespace = "istio-system"
	}
	caps := *common.DefaultCapabilities
	kv, _ := common.ParseKubeVersion("1." + strconv.Itoa(k8sversion.MinK8SVersion) + ".0")
	caps.KubeVersion = *kv
	if vals == nil {
		vals = map[string]any{}
	}
	helmVals, err := commonutil.ToRenderValues(chrt, vals, common.ReleaseOptions{Name: "istio", Namespace: namespace}, &caps)
	if err != nil {
		return nil, fmt.Errorf("converting values: %v", err)
	}
	return engine.Render(chrt, helmVals)
}

func loadChart(f fs.FS, root string) (*chartv2.Chart, error) {
	var bfs []*archive.BufferedFile
	err := fs.WalkDir(f, root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(f, path)
		if err != nil {
			return err
		}
		bfs = append(bfs, &archive.BufferedFile{Name: strings.TrimPrefix(path, root+"/"), Data: b})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return loaderv2.LoadFiles(bfs)
}

// warningLog is a clog.Logger keeping what GenerateManifest logs (its validation and chart
// warnings, each as "❗ <warning>") instead of printing it.
type warningLog struct{ lines []string }

func (w *warningLog) add(s string)                    { w.lines = append(w.lines, strings.TrimSuffix(s, "\n")) }
func (w *warningLog) LogAndPrint(v ...any)            { w.add(fmt.Sprint(v...)) }
func (w *warningLog) LogAndError(v ...any)            { w.add(fmt.Sprint(v...)) }
func (w *warningLog) LogAndFatal(v ...any)            { w.add(fmt.Sprint(v...)) }
func (w *warningLog) LogAndPrintf(f string, a ...any) { w.add(fmt.Sprintf(f, a...)) }
func (w *warningLog) LogAndErrorf(f string, a ...any) { w.add(fmt.Sprintf(f, a...)) }
func (w *warningLog) LogAndFatalf(f string, a ...any) { w.add(fmt.Sprintf(f, a...)) }
func (w *warningLog) Print(s string)                  { w.add(s) }
func (w *warningLog) PrintErr(s string)               { w.add(s) }

func generate(files, set []string) ([]componentOut, []string, error) {
	logged := &warningLog{}
	sets, _, err := render.GenerateManifest(files, set, false, nil, logged)
	if err != nil {
		return nil, nil, err
	}
	order := map[string]int{}
	for i, c := range component.AllComponents {
		order[string(c.UserFacingName)] = i
	}
	sort.SliceStable(sets, func(i, j int) bool {
		return order[string(sets[i].Component)] < order[string(sets[j].Component)]
	})
	out := []componentOut{}
	for _, s := range sets {
		c := componentOut{Name: string(s.Component), Objects: []map[string]any{}}
		for _, m := range s.Manifests {
			c.Objects = append(c.Objects, m.Object)
		}
		out = append(out, c)
	}
	return out, logged.lines, nil
}

// injectPod runs the injector as `istioctl kube-inject --meshConfigFile --injectConfigFile
// --valuesFile` does, with the ConfigMaps' contents in place of the files.
func injectPod(req request) (string, error) {
	meshConfig, err := mesh.ApplyMeshConfigDefaults(req.Mesh)
	if err != nil {
		return "", fmt.Errorf("mesh config: %v", err)
	}
	var raw inject.RawTemplates
	var cfg inject.Config
	if err := yaml.Unmarshal([]byte(req.Config), &cfg); err != nil || len(cfg.RawTemplates) == 0 {
		raw = map[string]string{inject.SidecarTemplateName: req.Config}
	} else {
		parsed, err := inject.UnmarshalConfig([]byte(req.Config))
		if err != nil {
			return "", fmt.Errorf("injector config: %v", err)
		}
		raw = parsed.RawTemplates
	}
	templates, err := inject.ParseTemplates(raw)
	if err != nil {
		return "", fmt.Errorf("templates: %v", err)
	}
	vc, err := inject.NewValuesConfig(req.InjValues)
	if err != nil {
		return "", fmt.Errorf("values: %v", err)
	}
	var buf bytes.Buffer
	var warnings []string
	err = inject.IntoResourceFile(nil, templates, vc, req.Revision, meshConfig, strings.NewReader(req.Pod), &buf,
		func(w string) { warnings = append(warnings, w) })
	if err != nil {
		return "", err
	}
	return buf.String(), nil
}
