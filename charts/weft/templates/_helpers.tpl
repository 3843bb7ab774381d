{{/* Name prefix of every object: the release name, with "-weft" unless it says weft already. */}}
{{- define "weft.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "weft.labels" -}}
app.kubernetes.io/name: weft
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component: include "weft.selector" (list . "control") */}}
{{- define "weft.selector" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: weft
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "weft.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{- define "weft.controlService" -}}
{{- printf "%s-control" (include "weft.fullname" .) -}}
{{- end -}}

{{- define "weft.injectorService" -}}
{{- printf "%s-injector" (include "weft.fullname" .) -}}
{{- end -}}

{{- define "weft.injectorSecret" -}}
{{- printf "%s-injector-tls" (include "weft.fullname" .) -}}
{{- end -}}

{{/* Pod security that every weft container shares. */}}
{{- define "weft.containerSecurity" -}}
runAsNonRoot: true
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
