import { ArrowLeftOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** Where a detail or form page goes back to: one place on every page, above its title. */
export interface BackLink {
  to: string;
  label: string;
}

/** The one h1 of a page, with optional actions on the right and the way back above it. */
export function PageTitle({ children, extra, back }: { children: ReactNode; extra?: ReactNode; back?: BackLink }) {
  return (
    <div style={{ marginBottom: 16 }}>
      {back ? (
        <Link to={back.to} data-testid="page-back" style={{ display: 'inline-block', marginBottom: 8 }}>
          <ArrowLeftOutlined aria-hidden /> {back.label}
        </Link>
      ) : null}
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: '8px 16px' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {children}
        </Typography.Title>
        {extra}
      </div>
    </div>
  );
}
