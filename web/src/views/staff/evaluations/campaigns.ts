// The evaluation campaigns' (三项评议) calls on supervision, staff and public, typed from its
// OpenAPI document; the screens read campaigns, results and commitments only through these.
import { call, supervision } from "@/api/clients";
import type { components } from "@/api/supervision";
import { type FileFormat, saveFile } from "../figures/download";

type Schemas = components["schemas"];
export type Campaign = Schemas["Campaign"];
export type CampaignCommand = Schemas["CampaignCommand"];
export type PublicCampaign = Schemas["PublicCampaign"];
export type Invitation = Schemas["Invitation"];
export type Results = Schemas["Results"];
export type DepartmentResult = Schemas["DepartmentResult"];
export type ResponseCommand = Schemas["ResponseCommand"];
export type PublicResponseCommand = Schemas["PublicResponseCommand"];
export type Commitment = Schemas["Commitment"];
export type PublicCommitment = Schemas["PublicCommitment"];
export type Kind = Campaign["kind"];

const path = (campaign_id: string) => ({ params: { path: { campaign_id } } });

export const campaigns = {
  list: () => call(supervision.GET("/api/v1/campaigns")),
  create: (body: CampaignCommand) => call(supervision.POST("/api/v1/campaigns", { body })),
  get: (id: string) => call(supervision.GET("/api/v1/campaigns/{campaign_id}", path(id))),
  open: (id: string) => call(supervision.POST("/api/v1/campaigns/{campaign_id}/open", path(id))),
  close: (id: string) => call(supervision.POST("/api/v1/campaigns/{campaign_id}/close", path(id))),
  invite: (id: string, count: number) =>
    call(supervision.POST("/api/v1/campaigns/{campaign_id}/invitations", { ...path(id), body: { count } })),
  results: (id: string) => call(supervision.GET("/api/v1/campaigns/{campaign_id}/results", path(id))),
  saveResults: (id: string, format: FileFormat, title: string) =>
    saveFile(`campaigns/${encodeURIComponent(id)}/results.${format}`, `评议结果-${title}.${format}`),
  respond: (id: string, body: ResponseCommand) =>
    call(supervision.POST("/api/v1/campaigns/{campaign_id}/responses", { ...path(id), body })),
  publicOne: (id: string) => call(supervision.GET("/api/v1/public/campaigns/{campaign_id}", path(id))),
  respondInPublic: (id: string, body: PublicResponseCommand) =>
    call(supervision.POST("/api/v1/public/campaigns/{campaign_id}/responses", { ...path(id), body })),
  commitments: () => call(supervision.GET("/api/v1/commitments")),
  writeCommitment: (commitmentId: string, text: string) =>
    call(
      supervision.PUT("/api/v1/commitments/{commitment_id}", {
        params: { path: { commitment_id: commitmentId } },
        body: { text },
      }),
    ),
  publicCommitments: () => call(supervision.GET("/api/v1/public/commitments")),
};
